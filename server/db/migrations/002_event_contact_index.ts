import type { Kysely } from "kysely";

// A contact's events (opt-out and opt-in lines in every thread with that contact, and the feed's contact
// visibility) are looked up by contactId; without this index each lookup scans the whole feed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("event_contact").on("event").columns(["contactId", "seq"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("event_contact").execute();
}
