import type { Kysely } from "kysely";

// Issue 17: who can take work. A teammate's away switch and when a client of theirs was last seen (the stream's
// sign-in and pings, their API calls), so round robin and fewest-open skip who is away or signed out — on every
// instance, hence a table and not the stream hub's memory. And how often a timer was claimed: a timer whose
// run keeps failing is retried after its lease, then given up.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("memberAvailability")
    .addColumn("userId", "text", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
    .addColumn("away", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lastSeenAt", "text")
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable("automationTimer")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("automationTimer").dropColumn("attempts").execute();
  await db.schema.dropTable("memberAvailability").execute();
}
