import type { Kysely } from "kysely";

// Issue 18, audit trail: the feed read by time (the audit view and exports walk (createdAt, seq), newest or
// oldest first, without sorting), the message-body retention setting with the retention job's progress, and
// export jobs (their files are on the disk of the instance that wrote them; the manifest is kept here).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("event_created").on("event").columns(["createdAt", "seq"]).execute();
  await db.schema.createIndex("message_created").on("message").columns(["createdAt"]).execute();
  await db.schema
    .createTable("messageRetention")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("days", "integer")
    /** Everything written before this time already follows the setting (null: not yet, or the setting changed). */
    .addColumn("appliedBefore", "text")
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("auditExport")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("requestedBy", "text", (c) => c.notNull())
    .addColumn("request", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("manifest", "text")
    .addColumn("error", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("finishedAt", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("auditExport").execute();
  await db.schema.dropTable("messageRetention").execute();
  await db.schema.dropIndex("message_created").execute();
  await db.schema.dropIndex("event_created").execute();
}
