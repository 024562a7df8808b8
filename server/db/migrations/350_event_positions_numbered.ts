import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 14 (cost per text), PostgreSQL only (SQLite has no `pos`): the two indexes on `pos` hold numbered events
// only. Both held an entry for every event written with `pos` null, and the sequencer's UPDATE leaves that entry
// behind until vacuum. The planner then answered the sequencer's "pos is null, oldest first" (and the metrics'
// count) with a bitmap scan of event_pos's null entries: every event version written since the last vacuum
// (1,200 heap pages, 15 ms a turn, after 5,000 texts; more at every text until autovacuum ran) instead of the
// few live rows of event_unsequenced. Without nulls it has only event_unsequenced for that, and every event
// costs one index entry less twice over at its insert. Every reader of `pos` compares it (`pos > N`,
// `max(pos)`), which implies `pos is not null`, so both indexes still serve them.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create unique index event_pos_numbered on event (pos) where pos is not null`.execute(db);
  await sql`drop index event_pos`.execute(db);
  await sql`alter index event_pos_numbered rename to event_pos`.execute(db);
  // Migration 310's, for the feed's own events (not the audit trail's): the same literal, so its readers still match it.
  await sql`create index event_feed_position_numbered on event (pos) where pos is not null and "type" not like 'audit.%'`.execute(db);
  await sql`drop index event_feed_position`.execute(db);
  await sql`alter index event_feed_position_numbered rename to event_feed_position`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index event_pos`.execute(db);
  await sql`create unique index event_pos on event (pos)`.execute(db);
  await sql`drop index event_feed_position`.execute(db);
  await sql`create index event_feed_position on event (pos) where "type" not like 'audit.%'`.execute(db);
}
