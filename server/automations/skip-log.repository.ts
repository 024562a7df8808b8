// The SQL of the run log's skip rows (./skip-log.ts, migration 370). SQLite's engine batch writes them through
// prepared statements (./engine-batch.sqlite.repository.ts); PostgreSQL and the run log's reads come here.
import type { Executor } from "../db/executor";
import { automationDb } from "./automations.schema";
import type { SkipRow } from "./skip-log";

export async function logSkipRows(db: Executor, rows: SkipRow[], blocks: Array<{ ruleId: string; block: number }>): Promise<void> {
  const t = automationDb(db);
  for (let i = 0; i < rows.length; i += 500)
    await t
      .insertInto("automationSkip")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column("position").doNothing())
      .execute();
  for (let i = 0; i < blocks.length; i += 500)
    await t
      .insertInto("automationSkipRange")
      .values(blocks.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["ruleId", "block"]).doNothing())
      .execute();
}

const toRow = (r: { position: number | string; conversationId: string | null; rules: string; reasons: string; createdAt: string }): SkipRow => ({
  ...r,
  position: Number(r.position),
});

/** The skip rows of these feed positions (a stretch read again). */
export async function skipRowsAt(db: Executor, positions: number[]): Promise<SkipRow[]> {
  const found: SkipRow[] = [];
  for (let i = 0; i < positions.length; i += 500)
    for (const r of await automationDb(db)
      .selectFrom("automationSkip")
      .select(["position", "conversationId", "rules", "reasons", "createdAt"])
      .where("position", "in", positions.slice(i, i + 500))
      .execute())
      found.push(toRow(r));
  return found;
}

/** The blocks holding the rule's skips, newest first. */
export async function skipBlocksOf(db: Executor, ruleId: string): Promise<number[]> {
  const rows = await automationDb(db).selectFrom("automationSkipRange").select("block").where("ruleId", "=", ruleId).orderBy("block", "desc").execute();
  return rows.map((r) => Number(r.block));
}

/**
 * The rows of positions [from, to) that may hold the rule, newest first: LIKE on the quoted id narrows them in SQL
 * (its `_` match any character, so the caller keeps only rows that do hold it).
 */
export async function skipRowsNaming(db: Executor, ruleId: string, from: number, to: number, limit: number): Promise<SkipRow[]> {
  const rows = await automationDb(db)
    .selectFrom("automationSkip")
    .select(["position", "conversationId", "rules", "reasons", "createdAt"])
    .where("position", ">=", from)
    .where("position", "<", to)
    .where("rules", "like", `%"${ruleId.replace(/[%"\\]/g, "")}"%`)
    .orderBy("position", "desc")
    .limit(limit)
    .execute();
  return rows.map(toRow);
}
