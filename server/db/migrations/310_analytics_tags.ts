import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 18: analytics by tag, and the audit trail's rows kept past the feed's retention.
// Analytics by tag: the rollup consumer remembers each contact's tags as the feed last carried them
// (contact.updated events have the contact with its tags), so a rebuild from the feed counts every event under
// the same tags as the live pass did. The tag's day buckets are analyticsDaily rows whose agentId is "#<tag>".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("analyticsContactTags")
    .addColumn("contactId", "text", (c) => c.primaryKey())
    .addColumn("tags", "text", (c) => c.notNull())
    .execute();
  // The audit trail's rows (audit.*) outlive the feed's retention: pruning and the feed's oldest position
  // (events.repository.ts) look only at the feed's own events, on this index instead of stepping over them.
  const position = db.getExecutor().adapter instanceof PostgresAdapter ? "pos" : "seq";
  await sql`create index if not exists event_feed_position on event (${sql.ref(position)}) where "type" not like 'audit.%'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists event_feed_position`.execute(db);
  await db.schema.dropTable("analyticsContactTags").execute();
}
