// Due timers (./timers.ts) and sequence steps (./sequences.ts) run the same way. A pass leases up to a batch
// of due rows (a conditional update, SKIP LOCKED on PostgreSQL: one instance each) and runs them all in ONE
// transaction: each row's done-mark (conditional on the lease still being ours), its run-log line (unique
// rule + trigger) and its rule's actions. A crash before that commit leaves every one of them pending, run
// again once the lease has expired; a batch of 100 costs one commit instead of 100, which is what lets 100
// due per second fire within a second of their time. If any one throws, the batch is rolled back and each is
// run again on its own transaction, so one bad row holds up no other (it stays pending, retried after its lease).
import type { Rule } from "../../src/protocol/automations";
import type { ServerContext } from "../context";
import { inTransaction, type Tx } from "../events/transaction";
import { nudgeFor } from "./actions";

/** Leased rows per pass (and per transaction). */
export const DUE_BATCH = 100;

/** Runs the leased jobs; `run` returns the rule whose senders to wake after commit, or null when nothing was sent. */
export async function runDueJobs<J extends { id: string }>(ctx: ServerContext, jobs: J[], run: (tx: Tx, job: J) => Promise<Rule | null>, what: string) {
  if (jobs.length === 0) return;
  const { db } = ctx.database;
  const woken = (rules: Array<Rule | null>) => {
    for (const rule of new Set(rules)) if (rule) nudgeFor(ctx, rule);
  };
  try {
    woken(
      await inTransaction(db, ctx.bus, async (tx) => {
        const fired: Array<Rule | null> = [];
        for (const job of jobs) fired.push(await run(tx, job));
        return fired;
      }),
    );
  } catch (err) {
    ctx.log.error({ err, count: jobs.length }, `a batch of due automation ${what}s failed; running each on its own`);
    for (const job of jobs) {
      try {
        woken([await inTransaction(db, ctx.bus, (tx) => run(tx, job))]);
      } catch (err) {
        // Left pending: its lease expires and a later pass (any instance) runs it again.
        ctx.log.error({ err, id: job.id }, `automation ${what} failed; it is retried when its lease expires`);
      }
    }
  }
}
