import type { Kysely } from "kysely";

// Issue 14 (ingest): a contact's conversations are looked up by contactId alone on the hot paths (the
// simulator's check that a number texts no real inbox, on every simulated text; contact pages, opt-outs).
// The unique (inboxId, contactId) index cannot serve that, so each lookup scanned the conversation table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("conversation_contact").on("conversation").columns(["contactId"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("conversation_contact").execute();
}
