// What one engine pass over a stretch of the feed writes besides fired rules: skipped run-log lines, timers
// started and timers cancelled. They are gathered while the events are read and written together with the
// cursor's move, in one transaction: one commit per stretch instead of one per text (issue 17's ≤ 10 %).
// Starting all, then cancelling, gives what reading the events one by one would: an event at position p
// cancels only timers started before p, whichever order the statements run in. A crash before the commit
// writes none of it and leaves the cursor where it was, so the stretch is read again; every write is keyed
// (rule + trigger), so a reread, or another instance reading an overlapping stretch, doubles nothing.
import type SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { isPostgres, type Executor } from "../db/executor";
import { logSkippedRuns, moveAutomationCursor, type RunClaim } from "./automations.repository";
import { sqliteBatchWrites } from "./engine-batch.sqlite.repository";
import { cancelPendingTimers, pendingTimersOf, startTimers } from "./timers.repository";

export interface TimerStart {
  ruleId: string;
  triggerKey: string;
  conversationId: string;
  dueAt: string;
}

/** "These conversations' timers started before `before` stop, those `mayCancel` accepts, because `why`." */
export interface TimerCancel {
  conversationIds: string[];
  before: number;
  mayCancel: (ruleId: string) => boolean;
  why: string;
}

export class EngineBatch {
  readonly skipped: RunClaim[] = [];
  readonly starts: TimerStart[] = [];
  readonly cancels: TimerCancel[] = [];

  /**
   * Writes it all and moves the cursor from `from` to `to`: on SQLite in one transaction (the stretch's own, when it
   * has one). On PostgreSQL statement by statement: an open transaction holds back the sequencer's numbering of
   * everyone's events (cluster/sequencer.ts), and every write here is keyed, so a crash half-way is redone by the reread.
   * On SQLite the rows go through prepared statements (`sqlite`, the raw handle: ./engine-batch.sqlite.repository.ts).
   */
  async commit(db: Kysely<Database>, sqlite: SQLite.Database | null, from: number, to: number, at: string) {
    const write = async (trx: Executor) => {
      if (sqlite && !isPostgres(trx)) {
        const rows = sqliteBatchWrites(sqlite);
        rows.startTimers(this.starts, at);
        this.skipped.push(...(await cancelTimers(this.cancels, { pendingTimersOf: rows.pendingTimersOf, cancelPendingTimers: rows.cancelPendingTimers })));
        rows.logSkippedRuns(this.skipped, at);
      } else {
        await startTimers(trx, this.starts, at);
        const cancelled = async (timers: PendingTimer[]) => {
          const done = [];
          for (let i = 0; i < timers.length; i += 500)
            done.push(
              ...(await cancelPendingTimers(
                trx,
                timers.slice(i, i + 500).map((t) => t.id),
              )),
            );
          return done;
        };
        this.skipped.push(...(await cancelTimers(this.cancels, { pendingTimersOf: (ids) => pendingTimersOf(trx, ids), cancelPendingTimers: cancelled })));
        await logSkippedRuns(trx, this.skipped, at);
      }
      await moveAutomationCursor(trx, from, to);
    };
    if (db.isTransaction || isPostgres(db)) await write(db);
    else await db.transaction().execute(write);
  }
}

type PendingTimer = { id: string; ruleId: string; triggerKey: string; conversationId: string };
interface TimerRows {
  pendingTimersOf(conversationIds: string[]): Promise<PendingTimer[]> | PendingTimer[];
  /** Cancels those still pending, and says which they were (a racing instance may have fired or cancelled some meanwhile). */
  cancelPendingTimers(timers: PendingTimer[]): Promise<Array<Omit<PendingTimer, "triggerKey">>> | Array<Omit<PendingTimer, "triggerKey">>;
}

/** Applies the cancels to the pending timers of their conversations; returns their run-log lines. */
async function cancelTimers(cancels: TimerCancel[], rows: TimerRows): Promise<RunClaim[]> {
  // Each conversation's cancels, in feed order.
  const byConversation = new Map<string, TimerCancel[]>();
  for (const c of cancels)
    for (const id of c.conversationIds) {
      const list = byConversation.get(id);
      if (list) list.push(c);
      else byConversation.set(id, [c]);
    }
  const ids = [...byConversation.keys()];
  if (ids.length === 0) return [];
  const pending = [];
  for (let i = 0; i < ids.length; i += 500) pending.push(...(await rows.pendingTimersOf(ids.slice(i, i + 500))));
  // The first cancel, in feed order, that applies to each timer says why it stopped.
  const why = new Map<string, string>();
  const chosen: PendingTimer[] = [];
  for (const timer of pending) {
    const started = Number(timer.triggerKey);
    const by = byConversation.get(timer.conversationId)?.find((c) => started < c.before && c.mayCancel(timer.ruleId));
    if (by) {
      why.set(timer.id, by.why);
      chosen.push(timer);
    }
  }
  if (chosen.length === 0) return [];
  return (await rows.cancelPendingTimers(chosen)).map((timer) => ({
    ruleId: timer.ruleId,
    triggerKey: `timer:${timer.id}`,
    conversationId: timer.conversationId,
    outcome: "skipped" as const,
    detail: [`cancelled: ${why.get(timer.id)}`],
  }));
}
