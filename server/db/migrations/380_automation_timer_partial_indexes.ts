import { type Kysely, type SqlBool, sql } from "kysely";

// Issue 17's ≤ 10 %: a customer's text restarts each "no reply" timer of its conversation (moved in place, 370), four
// of them per text with the benchmark's rules. The move sets startPosition, and the index (conversationId, status,
// startPosition) held it, so every move rewrote an entry there as well as in the due index. Two partial indexes
// serve the same reads (a conversation's pending timers; its finished ones started after a position) and a pending
// timer's move touches neither: the pending one does not hold startPosition, the finished one does not hold the row.
// The engine's queries name the same literal predicates, which is what lets SQLite pick a partial index.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("automationTimer_conversation").execute();
  await db.schema.createIndex("automationTimer_pending").on("automationTimer").column("conversationId").where(sql<SqlBool>`"status" = 'pending'`).execute();
  await db.schema
    .createIndex("automationTimer_finished")
    .on("automationTimer")
    .columns(["conversationId", "startPosition"])
    .where(sql<SqlBool>`"status" in ('done', 'cancelled')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("automationTimer_finished").execute();
  await db.schema.dropIndex("automationTimer_pending").execute();
  await db.schema.createIndex("automationTimer_conversation").on("automationTimer").columns(["conversationId", "status", "startPosition"]).execute();
}
