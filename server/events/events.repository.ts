// The event table: the feed's SQL (who reads what is feed.ts; pruning's rules are sync/retention.ts; the
// sequencer that gives PostgreSQL its positions is cluster/sequencer.ts).
import { sql, type Insertable, type Selectable } from "kysely";
import type { SidetextEvent } from "../../src/protocol/events";
import { isPostgres, type Executor } from "../db/executor";
import type { EventTable } from "../db/schema";

/**
 * The column readers follow: `pos` on PostgreSQL (given after commit, dense: cluster/sequencer.ts), `seq` on
 * SQLite (given in commit order by its one writer). The API calls either `seq`, so clients never changed.
 */
export const positionColumn = (db: Executor) => (isPostgres(db) ? "pos" : "seq");

export const positionOf = (r: Pick<Selectable<EventTable>, "pos" | "seq">): number => Number(r.pos ?? r.seq);

export const toEvent = (r: Selectable<EventTable>): SidetextEvent =>
  ({ seq: positionOf(r), type: r.type, createdAt: r.createdAt, actorId: r.actorId, action: r.action, data: JSON.parse(r.data) }) as SidetextEvent;

/** The highest position readers can see (0: no event yet). */
export async function headSeq(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("event")
    .select(sql<number>`coalesce(max(${sql.ref(positionColumn(db))}), 0)`.as("head"))
    .executeTakeFirstOrThrow();
  return Number(row.head);
}

/**
 * Events in (after, upTo] that members of `inboxIds` may read, oldest first, at most `limit`: their inboxes'
 * events, workspace-wide ones, and contact events of contacts with a conversation in one of those inboxes.
 */
export function visibleEvents(db: Executor, inboxIds: string[], after: number, upTo: number, limit: number) {
  const position = positionColumn(db);
  // The audit trail's own events (`audit.exported`, administrative changes: server/audit) are for its reader,
  // not for clients' caches: they carry organisation-wide settings, teammates and filters.
  return db
    .selectFrom("event")
    .selectAll()
    .where(position, ">", after)
    .where(position, "<=", upTo)
    .where("type", "not like", "audit.%")
    .where((eb) =>
      eb.or([
        eb("inboxId", "in", inboxIds),
        eb.and([eb("inboxId", "is", null), eb("contactId", "is", null)]),
        eb.and([
          eb("inboxId", "is", null),
          eb("contactId", "in", eb.selectFrom("conversation").select("contactId").where("conversation.inboxId", "in", inboxIds)),
        ]),
      ]),
    )
    .orderBy(position)
    .limit(limit)
    .execute();
}

/** Stores one event; returns its `seq` on SQLite (its position), 0 on PostgreSQL (numbered after commit). */
export async function insertEvent(db: Executor, row: Insertable<EventTable>): Promise<number> {
  const insert = db.insertInto("event").values(row);
  if (isPostgres(db)) {
    await insert.executeTakeFirst();
    return 0;
  }
  return Number((await insert.returning("seq").executeTakeFirstOrThrow()).seq);
}

/** PostgreSQL: numbered events after position `after`, in feed order, at most `limit`. */
export const numberedEventsAfter = (db: Executor, after: number, limit: number) =>
  db.selectFrom("event").selectAll().where("pos", ">", after).orderBy("pos").limit(limit).execute();

/** PostgreSQL: the position above which the feed is dense (migration 030). */
export async function feedCutover(db: Executor): Promise<number> {
  return Number((await db.selectFrom("event_feed").select("cutover").executeTakeFirstOrThrow()).cutover);
}

/** PostgreSQL: how many committed events wait for a position, and when the oldest was written. */
export async function unsequencedEvents(db: Executor): Promise<{ count: number; oldestCreatedAt: string | null }> {
  const { rows } = await sql<{ n: number; oldest: string | null }>`select count(*) as n, min("createdAt") as oldest from event where pos is null`.execute(db);
  return { count: Number(rows[0].n), oldestCreatedAt: rows[0].oldest };
}

/**
 * The feed's events: not the audit trail's own (`audit.*`, in no client's feed), which outlive the feed's
 * retention and have their own (server/audit/trail-retention.ts). A literal, so the partial index
 * event_feed_position (migration 310) serves it.
 */
const feedEvent = sql<boolean>`"type" not like 'audit.%'`;

/** The oldest `limit` numbered feed events' positions and write times, oldest first. */
export function oldestEvents(db: Executor, limit: number) {
  const position = positionColumn(db);
  return db
    .selectFrom("event")
    .select([sql<number>`${sql.ref(position)}`.as("position"), "createdAt"])
    .where(position, "is not", null)
    .where(feedEvent)
    .orderBy(position)
    .limit(limit)
    .execute();
}

/** Deletes the feed's events before position `keepFrom` (the audit trail's stay); returns how many. */
export async function deleteEventsBefore(db: Executor, keepFrom: number): Promise<number> {
  const result = await db.deleteFrom("event").where(positionColumn(db), "<", keepFrom).where(feedEvent).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The lowest and highest position in the feed (null when it is empty). */
export async function feedBounds(db: Executor): Promise<{ oldest: number | null; head: number | null }> {
  const position = sql.ref(positionColumn(db));
  // The oldest of the feed's events: audit rows kept past the feed's retention do not make old cursors valid.
  const row = await db
    .selectFrom("event")
    .select([sql<number | null>`(select min(${position}) from event where ${feedEvent})`.as("oldest"), sql<number | null>`max(${position})`.as("head")])
    .executeTakeFirstOrThrow();
  return { oldest: row.oldest === null ? null : Number(row.oldest), head: row.head === null ? null : Number(row.head) };
}
