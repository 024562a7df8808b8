import { PostgresAdapter, sql, type Kysely } from "kysely";
import { SEQUENCE_FUNCTION, SEQUENCE_LOCK } from "./030_event_position";

// Issue 14 (cost per text), PostgreSQL only: a sequencer turn also answers which transaction wrote what it
// numbered (`xact`, when all of it came from one; null otherwise). An inbound batch's turn runs right behind its
// COMMIT (messages/inbound-batch.postgres.ts): when it numbered exactly that batch's events, the instance knows
// their positions and publishes the events it holds (sequenced-bus.ts), instead of reading them back from the
// event table. Otherwise the same as migration 030's turn.
const turn = (single: boolean) => `
  create function ${SEQUENCE_FUNCTION}(batch integer, out head bigint, out assigned integer${single ? ", out xact text" : ""}) language plpgsql as $fn$
  begin
    if not pg_try_advisory_xact_lock(${SEQUENCE_LOCK}) then
      head := null; assigned := 0; return;
    end if;
    select coalesce(max(pos), 0) into head from event;
    ${
      single
        ? `with pending as (select seq, min(seq) over (partition by e.xact) as first from (select seq, e.xact from event e where pos is null order by seq limit batch) e),
    next as (select seq, row_number() over (order by first, seq) as n from pending),
    numbered as (update event set pos = head + next.n from next where event.seq = next.seq returning event.xact)
    select count(*)::integer, case when count(distinct numbered.xact) = 1 then min(numbered.xact::text) end into assigned, xact from numbered;`
        : `with pending as (select seq, min(seq) over (partition by xact) as first from (select seq, xact from event where pos is null order by seq limit batch) oldest),
    next as (select seq, row_number() over (order by first, seq) as n from pending)
    update event set pos = head + next.n from next where event.seq = next.seq;
    get diagnostics assigned = row_count;`
    }
    head := head + assigned;
    if assigned > 0 then perform pg_notify('sidetext_events', head::text); end if;
  end $fn$`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Its result gains a column: replaced, not altered (in the migration's transaction, so no turn sees it missing).
  await sql.raw(`drop function ${SEQUENCE_FUNCTION}(integer)`).execute(db);
  await sql.raw(turn(true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(`drop function ${SEQUENCE_FUNCTION}(integer)`).execute(db);
  await sql.raw(turn(false)).execute(db);
}
