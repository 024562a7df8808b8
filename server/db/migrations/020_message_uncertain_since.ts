import type { Kysely } from "kysely";

// When the first attempt of an outbound text whose outcome is unknown began (a carrier 5xx or a timeout:
// the carrier may have taken it). Before trying again the carrier is asked whether it has a text like it
// since then (delivery/send-queued-message.ts); null when the last attempt's outcome is known.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("message").addColumn("uncertainSince", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("message").dropColumn("uncertainSince").execute();
}
