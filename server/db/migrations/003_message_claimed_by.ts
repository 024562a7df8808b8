import type { Kysely } from "kysely";

// Which instance took an outbound message for sending (PostgreSQL, several instances): a send left
// `sending` is only failed as interrupted once that instance is gone (delivery-worker.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("message").addColumn("claimedBy", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("message").dropColumn("claimedBy").execute();
}
