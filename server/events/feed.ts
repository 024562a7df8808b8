// Who may read which event (invariant 4), in one place for the sync feed and the stream's replay.
// A member of an inbox sees its conversations, messages and notes; a contact's events reach whoever sees a
// conversation with that contact; workspace-wide events (templates without an inbox) reach everyone.
import { sql } from "kysely";
import type { SidetextEvent } from "../../src/protocol/events";
import { isPostgres, type Executor } from "../db/executor";
import type { Selectable } from "kysely";
import type { EventTable } from "../db/schema";

export interface Reader {
  inboxIds: string[];
}

/**
 * The column readers follow: `pos` on PostgreSQL (given after commit, dense: cluster/sequencer.ts), `seq` on
 * SQLite (given in commit order by its one writer). The API calls either `seq`, so clients never changed.
 */
export const positionColumn = (db: Executor) => (isPostgres(db) ? "pos" : "seq");

export const positionOf = (r: Pick<Selectable<EventTable>, "pos" | "seq">): number => Number(r.pos ?? r.seq);

export const toEvent = (r: Selectable<EventTable>): SidetextEvent =>
  ({ seq: positionOf(r), type: r.type, createdAt: r.createdAt, actorId: r.actorId, action: r.action, data: JSON.parse(r.data) }) as SidetextEvent;

/**
 * Events after `after` that `reader` may see, oldest first, at most `limit`; none above `upTo` when given
 * (the stream's replay stops where its live events start: EventBus.publishedSeq).
 */
export async function readFeed(
  db: Executor,
  reader: Reader,
  after: number,
  limit: number,
  upTo: number | null = null,
): Promise<{ events: SidetextEvent[]; cursor: number; hasMore: boolean }> {
  const inboxIds = reader.inboxIds.length ? reader.inboxIds : ["\u0000none"];
  // Read the head first: an event committed while we read is left for the next page, never skipped.
  const head = upTo === null ? await headSeq(db) : Math.min(upTo, await headSeq(db));
  const position = positionColumn(db);
  const rows = await db
    .selectFrom("event")
    .selectAll()
    .where(position, ">", after)
    .where(position, "<=", head)
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
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  // The cursor moves past invisible events too, up to what was read; when the page is complete it is the feed's head.
  const cursor = hasMore ? positionOf(page[page.length - 1]) : Math.max(after, head);
  return { events: page.map(toEvent), cursor, hasMore };
}

export async function headSeq(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("event")
    .select(sql<number>`coalesce(max(${sql.ref(positionColumn(db))}), 0)`.as("head"))
    .executeTakeFirstOrThrow();
  return Number(row.head);
}

/** Live filter for one committed event; `contactInboxIds` answers which inboxes hold a contact's conversations. */
export function mayRead(reader: Reader, event: SidetextEvent, contactInboxIds: (contactId: string) => string[]): boolean {
  const data = event.data as { inboxId?: string | null; id: string };
  if (event.type === "contact.updated") return contactInboxIds(data.id).some((id) => reader.inboxIds.includes(id));
  if (data.inboxId == null) return true;
  return reader.inboxIds.includes(data.inboxId);
}
