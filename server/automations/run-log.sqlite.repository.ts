// A fired rule's run-log line on SQLite inside an engine stretch's transaction (engine.ts): claimed, then given its
// actions' detail, through statements prepared once (as ./engine-batch.sqlite.repository.ts writes the rest of the
// stretch). Through Kysely each was built and compiled per fired rule: round robin fires once per new conversation.
import type SQLite from "better-sqlite3";
import { preparedOnce } from "../db/prepared-statements";
import { newId } from "../ids";
import type { RunLog } from "./actions";

const SQL = {
  claim: `INSERT INTO "automationRun" ("id", "ruleId", "triggerKey", "conversationId", "outcome", "detail", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("ruleId", "triggerKey") DO NOTHING`,
  setDetail: `UPDATE "automationRun" SET "detail" = ? WHERE "ruleId" = ? AND "triggerKey" = ?`,
} as const;

const statements = preparedOnce(SQL);

/** The same operations as ./automations.repository.ts claimRun and setRunDetail, on the stretch's SQLite connection. */
export function sqliteRunLog(sqlite: SQLite.Database): RunLog {
  const st = statements(sqlite);
  return {
    claim: (run, at) => st.claim.run(newId("arun"), run.ruleId, run.triggerKey, run.conversationId, run.outcome, JSON.stringify(run.detail), at).changes === 1,
    setDetail: (ruleId, triggerKey, detail) => {
      st.setDetail.run(JSON.stringify(detail), ruleId, triggerKey);
    },
  };
}
