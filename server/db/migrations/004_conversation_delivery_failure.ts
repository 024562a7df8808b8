import type { Kysely } from "kysely";

// When the conversation's latest failed outbound text was sent (null: none since the last success), so
// every teammate's list marks the conversation, not only the sender's outbox.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("conversation").addColumn("lastDeliveryFailureAt", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("conversation").dropColumn("lastDeliveryFailureAt").execute();
}
