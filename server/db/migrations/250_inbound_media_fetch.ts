import type { Kysely } from "kysely";

// Issue 15: a customer's MMS files are fetched from the carrier after the webhook is answered. The job is
// committed before the answer (so a crash or restart never loses it) and claimed by one instance at a time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("inboundMediaFetch")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("inboxId", "text", (c) => c.notNull())
    .addColumn("carrierMessageId", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("runAt", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("lastError", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("doneAt", "text")
    .addUniqueConstraint("inboundMediaFetch_message", ["inboxId", "carrierMessageId"])
    .execute();
  await db.schema.createIndex("inboundMediaFetch_due").on("inboundMediaFetch").columns(["status", "runAt"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("inboundMediaFetch").execute();
}
