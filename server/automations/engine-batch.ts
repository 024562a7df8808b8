// What one engine pass over a stretch of the feed writes besides fired rules: skipped run-log lines, timers
// started and timers cancelled. They are gathered while the events are read and written together with the
// cursor's move, in one transaction: one commit per stretch instead of one per text (issue 17's ≤ 10 %).
// Starting all, then cancelling, gives what reading the events one by one would: an event at position p
// cancels only timers started before p, whichever order the statements run in. A crash before the commit
// writes none of it and leaves the cursor where it was, so the stretch is read again; every write is keyed
// (rule + trigger), so a reread, or another instance reading an overlapping stretch, doubles nothing.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { isPostgres, type Executor } from "../db/executor";
import { logSkippedRuns, moveAutomationCursor, type RunClaim } from "./automations.repository";
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
   */
  async commit(db: Kysely<Database>, from: number, to: number, at: string) {
    const write = async (trx: Executor) => {
      await startTimers(trx, this.starts, at);
      this.skipped.push(...(await cancelTimers(trx, this.cancels)));
      await logSkippedRuns(trx, this.skipped, at);
      await moveAutomationCursor(trx, from, to);
    };
    if (db.isTransaction || isPostgres(db)) await write(db);
    else await db.transaction().execute(write);
  }
}

/** Applies the cancels to the pending timers of their conversations (one read, one update); returns their run-log lines. */
async function cancelTimers(db: Executor, cancels: TimerCancel[]): Promise<RunClaim[]> {
  const ids = [...new Set(cancels.flatMap((c) => c.conversationIds))];
  if (ids.length === 0) return [];
  const pending = [];
  for (let i = 0; i < ids.length; i += 500) pending.push(...(await pendingTimersOf(db, ids.slice(i, i + 500))));
  // The first cancel, in feed order, that applies to each timer says why it stopped.
  const why = new Map<string, string>();
  for (const timer of pending) {
    const started = Number(timer.triggerKey);
    const by = cancels.find((c) => started < c.before && c.conversationIds.includes(timer.conversationId) && c.mayCancel(timer.ruleId));
    if (by) why.set(timer.id, by.why);
  }
  const lines: RunClaim[] = [];
  const chosen = [...why.keys()];
  for (let i = 0; i < chosen.length; i += 500) {
    const cancelled = await cancelPendingTimers(db, chosen.slice(i, i + 500));
    for (const timer of cancelled)
      lines.push({
        ruleId: timer.ruleId,
        triggerKey: `timer:${timer.id}`,
        conversationId: timer.conversationId,
        outcome: "skipped",
        detail: [`cancelled: ${why.get(timer.id)}`],
      });
  }
  return lines;
}
