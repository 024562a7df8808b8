import type { Kysely } from "kysely";

// Issue 17: sequences. A rule's actions after a "wait" are one step, due later: a row per (rule, run, step),
// claimed by one instance and run once, cancelled by the rule's cancelOn events. `afterPosition` is the feed
// head when it was scheduled, so a reread of older events never cancels it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("automationStep")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ruleId", "text", (c) => c.notNull())
    .addColumn("runKey", "text", (c) => c.notNull())
    .addColumn("conversationId", "text", (c) => c.notNull())
    .addColumn("stepIndex", "integer", (c) => c.notNull())
    .addColumn("dueAt", "text", (c) => c.notNull())
    .addColumn("cancelOn", "text", (c) => c.notNull())
    .addColumn("afterPosition", "bigint", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addUniqueConstraint("automationStep_run", ["ruleId", "runKey", "stepIndex"])
    .execute();
  await db.schema.createIndex("automationStep_due").on("automationStep").columns(["status", "dueAt"]).execute();
  await db.schema.createIndex("automationStep_conversation").on("automationStep").columns(["conversationId", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("automationStep").execute();
}
