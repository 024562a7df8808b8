import type { Kysely } from "kysely";

// Issue 16: the CRM log runs several conversations' jobs side by side and claims many at once, so the claim
// needs the feed's order to keep a conversation's texts in order: jobs stored by one fan-out share runAt and
// createdAt, and ids are random. `position` is the feed position of the event that asked for the job (bigint:
// PostgreSQL's feed positions are).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("crmJob")
    .addColumn("position", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("crmJob").dropColumn("position").execute();
}
