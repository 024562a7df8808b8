import type { Kysely } from "kysely";

// Issue 17: timers ("no agent reply N minutes after an inbound"): one row per rule and trigger event, due at a
// time, claimed by one instance with a conditional update, cancelled by a reply, an opt-out or resolving.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("automationTimer")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ruleId", "text", (c) => c.notNull().references("automationRule.id").onDelete("cascade"))
    .addColumn("triggerKey", "text", (c) => c.notNull())
    .addColumn("conversationId", "text", (c) => c.notNull())
    .addColumn("dueAt", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addUniqueConstraint("automationTimer_once", ["ruleId", "triggerKey"])
    .execute();
  await db.schema.createIndex("automationTimer_due").on("automationTimer").columns(["status", "dueAt"]).execute();
  await db.schema.createIndex("automationTimer_conversation").on("automationTimer").columns(["conversationId", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("automationTimer").execute();
}
