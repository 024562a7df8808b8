import type { Kysely } from "kysely";

// Issue 16: events other apps report about a contact (lead.created, appointment.booked, payment.received…),
// on the contact's timeline; the idempotency key makes a retried report one event.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("contactEvent")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("contactId", "text", (c) => c.notNull().references("contact.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("occurredAt", "text", (c) => c.notNull())
    .addColumn("idempotencyKey", "text", (c) => c.notNull().unique())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contactEvent_timeline").on("contactEvent").columns(["contactId", "occurredAt"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("contactEvent").execute();
}
