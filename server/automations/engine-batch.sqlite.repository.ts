// The engine batch's writes on SQLite (./engine-batch.ts): better-sqlite3 statements prepared once per database
// and run row by row, as the inbound store does (messages/inbound-store.sqlite.ts). Through Kysely each batch was
// a multi-row statement built, compiled and prepared anew (its text changes with its row count), which cost more
// than the rows themselves. They run inside the batch's transaction, which holds Kysely's one connection.
import type SQLite from "better-sqlite3";
import { preparedOnce } from "../db/prepared-statements";
import { newId } from "../ids";
import type { BatchWrites } from "./engine-batch";
import type { StoredTimer } from "./timer-plan";

const newRunId = () => newId("arun");

const TIMER_T = `t."id", t."ruleId", t."conversationId", t."startPosition", t."status"`;
const MOVE = `"dueAt" = ?, "startPosition" = ?, "restarts" = "restarts" + ?, "claimedBy" = NULL, "claimedUntil" = NULL, "attempts" = 0`;
const SQL = {
  startTimer: `INSERT INTO "automationTimer" ("id", "ruleId", "triggerKey", "conversationId", "dueAt", "status", "createdAt", "startPosition", "restarts") VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT ("ruleId", "triggerKey") DO NOTHING`,
  // The two partial indexes of migration 380, named by their own predicates (SQLite uses a partial index only then).
  // All of a batch's conversations in one statement (their ids as a JSON array), not one run per conversation.
  // CROSS JOIN keeps json_each the outer loop (SQLite does not reorder it), so each id is a look-up in a partial index.
  timersOf: `SELECT ${TIMER_T}, t."rowid" AS "rowid" FROM json_each(@ids) AS j CROSS JOIN "automationTimer" AS t WHERE t."conversationId" = j."value" AND t."status" = 'pending' UNION ALL SELECT ${TIMER_T}, t."rowid" AS "rowid" FROM json_each(@ids) AS j CROSS JOIN "automationTimer" AS t WHERE t."conversationId" = j."value" AND t."status" in ('done', 'cancelled') AND t."startPosition" > @after`,
  moveTimer: `UPDATE "automationTimer" SET ${MOVE} WHERE "id" = ? AND "status" = 'pending' AND "startPosition" = ?`,
  // A timer read by timersOf in this batch, found by its rowid: no look-up in the primary key's index first.
  moveTimerAt: `UPDATE "automationTimer" SET ${MOVE} WHERE "rowid" = ? AND "id" = ? AND "status" = 'pending' AND "startPosition" = ?`,
  timerNow: `SELECT "status", "startPosition" FROM "automationTimer" WHERE "id" = ?`,
  cancelTimer: `UPDATE "automationTimer" SET "status" = 'cancelled' WHERE "id" = ? AND "status" = 'pending'`,
  logRun: `INSERT INTO "automationRun" ("id", "ruleId", "triggerKey", "conversationId", "outcome", "detail", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("ruleId", "triggerKey") DO NOTHING`,
  logSkips: `INSERT INTO "automationSkip" ("position", "conversationId", "rules", "reasons", "createdAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("position") DO NOTHING`,
  markBlock: `INSERT INTO "automationSkipRange" ("ruleId", "block") VALUES (?, ?) ON CONFLICT ("ruleId", "block") DO NOTHING`,
  // Only forward: a stretch read again (or an older mark) never moves it back.
  markRestart: `INSERT INTO "automationRestart" ("conversationId", "kind", "position", "at") VALUES (?, ?, ?, ?) ON CONFLICT ("conversationId", "kind") DO UPDATE SET "position" = excluded."position", "at" = excluded."at" WHERE excluded."position" > "automationRestart"."position"`,
} as const;

const statements = preparedOnce(SQL);

/** The same operations as ./timers.repository.ts, ./automations.repository.ts and ./skip-log.repository.ts, on one SQLite connection. */
export function sqliteBatchWrites(sqlite: SQLite.Database): BatchWrites {
  const st = statements(sqlite);
  const rowids = new Map<string, number>();
  return {
    timersOf: (ids, after) =>
      (st.timersOf.all({ ids: JSON.stringify(ids), after }) as Array<StoredTimer & { rowid: number }>).map(({ rowid, ...timer }) => {
        rowids.set(timer.id, rowid);
        return timer;
      }),
    startTimers(timers, at) {
      for (const t of timers) st.startTimer.run(t.id, t.ruleId, t.triggerKey, t.conversationId, t.dueAt, at, t.startPosition, t.restarts);
    },
    moveTimer(m) {
      const rowid = rowids.get(m.id);
      const moved =
        rowid === undefined ? st.moveTimer.run(m.dueAt, m.to, m.restarts, m.id, m.from) : st.moveTimerAt.run(m.dueAt, m.to, m.restarts, rowid, m.id, m.from);
      return moved.changes === 1;
    },
    timerNow: (id) => st.timerNow.get(id) as { status: string; startPosition: number } | undefined,
    cancelTimers: (ids) => ids.filter((id) => st.cancelTimer.run(id).changes === 1),
    logRuns(runs, at) {
      for (const r of runs) st.logRun.run(newRunId(), r.ruleId, r.triggerKey, r.conversationId, r.outcome, JSON.stringify(r.detail), at);
    },
    logSkips(rows, blocks) {
      for (const r of rows) st.logSkips.run(r.position, r.conversationId, r.rules, r.reasons, r.createdAt);
      for (const b of blocks) st.markBlock.run(b.ruleId, b.block);
    },
    markRestarts(marks) {
      for (const m of marks) st.markRestart.run(m.conversationId, m.kind, m.position, m.at);
    },
  };
}
