// Runs webhook delivery in the background: woken by every committed event batch (a delivery leaves within
// milliseconds of its commit), by the admin's test and replay, and by a timer (retries, and work another
// instance left behind). The loop is server/background-loop.ts; across processes the cursor and the job
// claims keep each delivery to one sender (webhook-fanout.ts, webhook-jobs.repository.ts).
import type { ServerContext } from "../../context";
import { startBackgroundLoop, workerInstance } from "../../background-loop";
import { fanOutWebhooks } from "./webhook-fanout";
import { pruneFinishedJobs } from "./webhook-jobs.repository";
import { startDueBatch, type Clock } from "./webhook-sender";

const LOG_KEEP_MS = 30 * 24 * 3600_000;
/**
 * Batches out at once. The next batch is claimed while one is on the wire, so what was committed meanwhile does
 * not wait for the slowest delivery of the batch before (the claim keeps each order key to one delivery out).
 */
const BATCHES_OUT = 2;
const nudges = new WeakMap<ServerContext, () => void>();

export const nudgeWebhooks = (ctx: ServerContext) => nudges.get(ctx)?.();

export function startWebhooks(ctx: ServerContext, clock: Clock = Date): () => Promise<void> {
  const instance = workerInstance(ctx);
  let lastPrune = 0;
  const out = new Set<Promise<unknown>>();
  let closing = false;
  const loop = startBackgroundLoop(ctx, {
    name: "webhooks",
    tickMs: ctx.config.tickMs,
    pass: async (stopped) => {
      // Fan out again between batches: under steady ingest the feed grows while a batch is out, and its
      // deliveries should not wait for the queue to run dry; a long stretch of feed (a restart, the demo
      // seed's history) is read batch after batch in this pass, not one batch per wake-up. With BATCHES_OUT on
      // the wire the pass ends; the first to settle runs the next (a settled job may free its key's next one).
      while (out.size < BATCHES_OUT) {
        const fanned = await fanOutWebhooks(ctx, new Date(clock.now()).toISOString());
        const batch = await startDueBatch(ctx, instance, clock);
        if (batch) {
          const settled: Promise<unknown> = batch.settled
            .catch((err) => ctx.log.error(err, "webhooks: a batch failed (its claims run out, then it is tried again)"))
            .finally(() => {
              out.delete(settled);
              if (!closing) loop.kick();
            });
          out.add(settled);
        }
        if (stopped() || (!batch && !fanned.more)) break;
      }
      if (clock.now() - lastPrune > 600_000) {
        lastPrune = clock.now();
        await pruneFinishedJobs(ctx.database.db, new Date(clock.now() - LOG_KEEP_MS).toISOString());
      }
    },
  });
  nudges.set(ctx, loop.kick);
  // Closing waits for the batches on the wire too: their outcomes are stored before the database closes.
  return async () => {
    closing = true;
    await loop.stop();
    await Promise.all(out);
  };
}
