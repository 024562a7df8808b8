// The engine batch's writes on SQLite (./engine-batch.ts): better-sqlite3 statements prepared once per database
// and run row by row, as the inbound store does (messages/inbound-store.sqlite.ts). A text with the benchmark's
// 20 rules writes about 17 rows here (skip lines, timers started and cancelled); through Kysely each batch was
// a multi-row statement built, compiled and prepared anew (its text changes with its row count), which cost
// more than the rows themselves. They run inside the batch's transaction, which holds Kysely's one connection.
import type SQLite from "better-sqlite3";
import { newId } from "../ids";
import type { RunClaim } from "./automations.repository";
import type { TimerStart } from "./engine-batch";

const SQL = {
  startTimer: `INSERT INTO "automationTimer" ("id", "ruleId", "triggerKey", "conversationId", "dueAt", "status", "createdAt") VALUES (?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT ("ruleId", "triggerKey") DO NOTHING`,
  pendingTimersOf: `SELECT "id", "ruleId", "triggerKey", "conversationId" FROM "automationTimer" WHERE "conversationId" = ? AND "status" = 'pending'`,
  cancelTimer: `UPDATE "automationTimer" SET "status" = 'cancelled' WHERE "id" = ? AND "status" = 'pending'`,
  logRun: `INSERT INTO "automationRun" ("id", "ruleId", "triggerKey", "conversationId", "outcome", "detail", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("ruleId", "triggerKey") DO NOTHING`,
} as const;

type Statements = { [K in keyof typeof SQL]: SQLite.Statement };
const prepared = new WeakMap<SQLite.Database, Statements>();

interface PendingTimer {
  id: string;
  ruleId: string;
  triggerKey: string;
  conversationId: string;
}

/** The same operations as timers.repository.ts and automations.repository.ts, on one SQLite connection. */
export function sqliteBatchWrites(sqlite: SQLite.Database) {
  let s = prepared.get(sqlite);
  if (!s) {
    s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, sqlite.prepare(sql)])) as Statements;
    prepared.set(sqlite, s);
  }
  const statements = s;
  return {
    startTimers(timers: TimerStart[], at: string) {
      for (const t of timers) statements.startTimer.run(newId("atim"), t.ruleId, t.triggerKey, t.conversationId, t.dueAt, at);
    },
    pendingTimersOf(conversationIds: string[]): PendingTimer[] {
      return conversationIds.flatMap((id) => statements.pendingTimersOf.all(id) as PendingTimer[]);
    },
    /** The timers it cancelled (those still pending). */
    cancelPendingTimers(timers: PendingTimer[]): PendingTimer[] {
      return timers.filter((t) => statements.cancelTimer.run(t.id).changes === 1);
    },
    logSkippedRuns(runs: RunClaim[], at: string) {
      for (const r of runs) statements.logRun.run(newId("arun"), r.ruleId, r.triggerKey, r.conversationId, r.outcome, JSON.stringify(r.detail), at);
    },
  };
}
