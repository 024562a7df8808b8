import type { Kysely } from "kysely";

// Issue 18: analytics by tag. The rollup consumer remembers each contact's tags as the feed last carried them
// (contact.updated events have the contact with its tags), so a rebuild from the feed counts every event under
// the same tags as the live pass did. The tag's day buckets are analyticsDaily rows whose agentId is "#<tag>".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("analyticsContactTags")
    .addColumn("contactId", "text", (c) => c.primaryKey())
    .addColumn("tags", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("analyticsContactTags").execute();
}
