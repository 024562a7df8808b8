import type { Kysely } from "kysely";

// Issue 17: sends that wait — a rep's "send later" and a rule's text held back by quiet hours — and the
// workspace's quiet hours (one row). A scheduled send is claimed by one instance and sent once at its time;
// `afterPosition` is the feed head when it was made, so a reread of older events never cancels it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scheduledSend")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversationId", "text", (c) => c.notNull())
    .addColumn("inboxId", "text", (c) => c.notNull())
    .addColumn("authorId", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("sendAt", "text", (c) => c.notNull())
    .addColumn("cancelOn", "text", (c) => c.notNull())
    .addColumn("clientId", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("messageId", "text")
    .addColumn("afterPosition", "bigint", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .addUniqueConstraint("scheduledSend_client", ["authorId", "clientId"])
    .execute();
  await db.schema.createIndex("scheduledSend_due").on("scheduledSend").columns(["status", "sendAt"]).execute();
  await db.schema.createIndex("scheduledSend_conversation").on("scheduledSend").columns(["conversationId", "status"]).execute();
  await db.schema
    .createTable("quietHours")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("fromTime", "text", (c) => c.notNull())
    .addColumn("toTime", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("quietHours").execute();
  await db.schema.dropTable("scheduledSend").execute();
}
