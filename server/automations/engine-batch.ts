// What one engine pass over a stretch of the feed writes besides fired rules: skip lines (one row per event:
// ./skip-log.ts), timers started, moved (restarted; on SQLite one restart mark per conversation instead:
// ./restarts.ts) and cancelled. They are gathered while the events are read and written together with the
// cursor's move, in one transaction: one commit per stretch instead of one per text (issue 17's ≤ 10 %). Timer
// changes are worked out in feed order first (./timer-plan.ts). A crash before the commit writes none of it and
// leaves the cursor where it was, so the stretch is read again; every write is keyed (rule + trigger, the event's
// position, a move conditional on where the timer was, a mark that only moves forward), so a reread, or another
// instance reading an overlapping stretch, doubles nothing.
import type SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { isPostgres, type Executor } from "../db/executor";
import { newId } from "../ids";
import { logSkippedRuns, moveAutomationCursor, type RunClaim } from "./automations.repository";
import { sqliteBatchWrites } from "./engine-batch.sqlite.repository";
import { SKIP_BLOCK, skipRowOf, type SkippedRule, type SkipRow } from "./skip-log";
import { latestMarks, type RestartKind, type RestartMark } from "./restarts";
import { logSkipRows } from "./skip-log.repository";
import { planTimers, type StoredTimer, type TimerMove, type TimerPlan } from "./timer-plan";
import { cancelPendingTimers, moveTimer, startTimers, timerNow, timersOf } from "./timers.repository";

export interface TimerStart {
  ruleId: string;
  /** The feed position of the event that starts it. */
  triggerKey: string;
  conversationId: string;
  dueAt: string;
  /** A no-reply wait: the next text of the same side restarts it (./restarts.ts); when this start happened. */
  restart?: { kind: RestartKind; at: string };
}

/** "These conversations' timers started before `before` stop, those `mayCancel` accepts, because `why`." */
export interface TimerCancel {
  conversationIds: string[];
  before: number;
  mayCancel: (ruleId: string) => boolean;
  why: string;
}

type Maybe<T> = T | Promise<T>;
/** The batch's writes, on one connection: prepared statements on SQLite, Kysely on PostgreSQL. */
export interface BatchWrites {
  timersOf(conversationIds: string[], after: number): Maybe<StoredTimer[]>;
  startTimers(timers: TimerPlan["starts"], at: string): Maybe<void>;
  /** Moves it if it is still pending where `from` says: false otherwise. */
  moveTimer(move: TimerMove): Maybe<boolean>;
  timerNow(id: string): Maybe<{ status: string; startPosition: number } | undefined>;
  /** Cancels those still pending; returns their ids (a racing instance may have fired or cancelled some meanwhile). */
  cancelTimers(ids: string[]): Maybe<string[]>;
  logRuns(runs: RunClaim[], at: string): Maybe<void>;
  logSkips(rows: SkipRow[], blocks: Array<{ ruleId: string; block: number }>): Maybe<void>;
  /** Present where the batch is the only writer (SQLite): restarts are marked, not moved (./restarts.ts). */
  markRestarts?(marks: RestartMark[]): void;
}

export class EngineBatch {
  /** Run-log lines of their own (a sequence cancelled…); timer cancels are added at commit. */
  readonly skipped: RunClaim[] = [];
  /** Each event's skipped rules (by feed position): one row per event. */
  readonly skips = new Map<number, SkippedRule[]>();
  readonly starts: TimerStart[] = [];
  readonly cancels: TimerCancel[] = [];

  skip(position: number, skipped: SkippedRule) {
    const list = this.skips.get(position);
    if (list) list.push(skipped);
    else this.skips.set(position, [skipped]);
  }

  /**
   * Writes it all and moves the cursor from `from` to `to`: on SQLite in one transaction (the stretch's own, when it
   * has one). On PostgreSQL statement by statement: an open transaction holds back the sequencer's numbering of
   * everyone's events (cluster/sequencer.ts), and every write here is keyed, so a crash half-way is redone by the reread.
   * On SQLite the rows go through prepared statements (`sqlite`, the raw handle: ./engine-batch.sqlite.repository.ts).
   */
  async commit(db: Kysely<Database>, sqlite: SQLite.Database | null, from: number, to: number, at: string) {
    const write = async (trx: Executor) => {
      const rows = sqlite && !isPostgres(trx) ? sqliteBatchWrites(sqlite) : kyselyWrites(trx);
      const lines = await writeTimers(rows, this.starts, this.cancels, from, at);
      await rows.logRuns([...this.skipped, ...lines], at);
      const skipRows: SkipRow[] = [];
      // The (rule, block) pairs: a stretch's positions are nearly always in one block, so by block, then rule.
      const blocks = new Map<number, Set<string>>();
      for (const [position, skipped] of this.skips) {
        skipRows.push(skipRowOf(position, skipped, at));
        const block = Math.floor(position / SKIP_BLOCK);
        const rules = blocks.get(block) ?? new Set<string>();
        blocks.set(block, rules);
        for (const { ruleId } of skipped) rules.add(ruleId);
      }
      await rows.logSkips(
        skipRows,
        [...blocks].flatMap(([block, rules]) => [...rules].map((ruleId) => ({ ruleId, block }))),
      );
      await moveAutomationCursor(trx, from, to);
    };
    if (db.isTransaction || isPostgres(db)) await write(db);
    else await db.transaction().execute(write);
  }
}

const kyselyWrites = (trx: Executor): BatchWrites => ({
  timersOf: (ids, after) => timersOf(trx, ids, after),
  startTimers: (timers, at) => startTimers(trx, timers, at),
  moveTimer: (move) => moveTimer(trx, move),
  timerNow: (id) => timerNow(trx, id),
  cancelTimers: async (ids) => {
    const done: string[] = [];
    for (let i = 0; i < ids.length; i += 500) done.push(...(await cancelPendingTimers(trx, ids.slice(i, i + 500))).map((t) => t.id));
    return done;
  },
  logRuns: (runs, at) => logSkippedRuns(trx, runs, at),
  logSkips: (rows, blocks) => logSkipRows(trx, rows, blocks),
});

/** Starts, moves and cancels the stretch's timers; returns the cancels' run-log lines. */
async function writeTimers(rows: BatchWrites, starts: TimerStart[], cancels: TimerCancel[], from: number, at: string): Promise<RunClaim[]> {
  const ids = [...new Set(cancels.flatMap((c) => c.conversationIds))];
  const stored: StoredTimer[] = [];
  for (let i = 0; i < ids.length; i += 500) stored.push(...(await rows.timersOf(ids.slice(i, i + 500), from)));
  const plan = planTimers(starts, cancels, stored, () => newId("atim"));
  if (plan.starts.length > 0) await rows.startTimers(plan.starts, at);
  const marks: RestartMark[] = [];
  for (const move of plan.moves)
    if (rows.markRestarts && move.restart) marks.push({ conversationId: move.conversationId, kind: move.restart.kind, position: move.to, at: move.restart.at });
    else await moveIn(rows, move, at);
  if (marks.length > 0) rows.markRestarts?.(latestMarks(marks));
  if (plan.cancels.length === 0) return [];
  const done = new Set(await rows.cancelTimers(plan.cancels.map((c) => c.timer.id)));
  return plan.cancels
    .filter((c) => done.has(c.timer.id))
    .map(({ timer, why }) => ({
      ruleId: timer.ruleId,
      triggerKey: `timer:${timer.id}`,
      conversationId: timer.conversationId,
      outcome: "skipped" as const,
      detail: [`cancelled: ${why}`],
    }));
}

/**
 * Moves a restarted timer. On SQLite the batch is the only writer, so it is where it was read. On PostgreSQL another
 * instance may have moved it meanwhile (further: nothing to do; not as far: move it from there), or fired it (then
 * this start waits anew, in a timer of its own keyed by its event).
 */
async function moveIn(rows: BatchWrites, move: TimerMove, at: string) {
  let from = move.from;
  for (let tries = 0; tries < 5; tries++) {
    if (await rows.moveTimer({ ...move, from })) return;
    const now = await rows.timerNow(move.id);
    if (!now || now.startPosition >= move.to) return;
    if (now.status === "pending") {
      from = now.startPosition;
      continue;
    }
    const { ruleId, triggerKey, conversationId, dueAt, to } = move;
    await rows.startTimers([{ id: newId("atim"), ruleId, triggerKey, conversationId, dueAt, startPosition: to, restarts: 0 }], at);
    return;
  }
}
