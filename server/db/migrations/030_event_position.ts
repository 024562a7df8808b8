import { PostgresAdapter, sql, type Kysely } from "kysely";

// PostgreSQL only (SQLite keeps `seq`, handed out at commit by its one writer): the feed position `pos`,
// given after commit by the sequencer (server/cluster/sequencer.ts) instead of `seq` at insert under one
// global lock. History keeps its position (pos = seq: it was written in commit order under that lock), so
// every cursor clients hold stays valid; positions above `event_feed.cutover` are dense.
export const SEQUENCE_LOCK = 0x53545f32; // "ST_2": held by the one transaction handing out positions
const OLD_APPEND_LOCK = 0x53545f31; // "ST_1": what writers before this migration held until commit
export const SEQUENCE_FUNCTION = "sidetext_sequence_events";

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // The backfill touches every event once: no writer's statement timeout applies to it.
  await sql`set local statement_timeout = 0`.execute(db);
  // Writers of the previous version (a rolling deploy) wait here, so none commits halfway through the backfill;
  // what they write afterwards has pos null and is sequenced like everything else.
  await sql`select pg_advisory_xact_lock(${sql.lit(OLD_APPEND_LOCK)})`.execute(db);
  await sql`alter table event add column pos bigint`.execute(db);
  // The writing transaction, so that its events keep together in the feed as they did under the old lock.
  // (History has none: it is numbered already. Added without a default first, so the table is not rewritten.)
  await sql`alter table event add column xact xid8`.execute(db);
  await sql`alter table event alter column xact set default pg_current_xact_id()`.execute(db);
  await sql`update event set pos = seq`.execute(db);
  await sql`create unique index event_pos on event (pos)`.execute(db);
  // What the sequencer reads: the few rows without a position yet, in insert order.
  await sql`create index event_unsequenced on event (seq) where pos is null`.execute(db);
  await sql`create table event_feed (id integer primary key check (id = 1), cutover bigint not null)`.execute(db);
  await sql`insert into event_feed (id, cutover) select 1, coalesce(max(pos), 0) from event`.execute(db);
  // Every event is updated once more (its position): vacuum the dead versions early, before they pile up.
  await sql`alter table event set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1)`.execute(
    db,
  );
  // One short transaction per call (autocommit): only the holder of SEQUENCE_LOCK proceeds; it reads the
  // head after taking the lock (READ COMMITTED: each statement sees every commit before it, the previous
  // sequencer's included) and numbers the committed rows without a position in id order, each
  // transaction's events together (from its first event's place). Late commits get
  // later positions, rolled-back rows never get one, and a reader sees a whole batch or none of it. The
  // NOTIFY is sent once per batch, at its commit; writers send none.
  await sql
    .raw(`
    create function ${SEQUENCE_FUNCTION}(batch integer, out head bigint, out assigned integer) language plpgsql as $fn$
    begin
      if not pg_try_advisory_xact_lock(${SEQUENCE_LOCK}) then
        head := null; assigned := 0; return;
      end if;
      select coalesce(max(pos), 0) into head from event;
      with pending as (select seq, min(seq) over (partition by xact) as first from (select seq, xact from event where pos is null order by seq limit batch) oldest),
      next as (select seq, row_number() over (order by first, seq) as n from pending)
      update event set pos = head + next.n from next where event.seq = next.seq;
      get diagnostics assigned = row_count;
      head := head + assigned;
      if assigned > 0 then perform pg_notify('sidetext_events', head::text); end if;
    end $fn$`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql
    .raw(
      `drop function ${SEQUENCE_FUNCTION}; drop table event_feed; drop index event_unsequenced; drop index event_pos; alter table event drop column pos; alter table event drop column xact; alter table event reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor, autovacuum_vacuum_cost_delay)`,
    )
    .execute(db);
}
