// Who may read which event (invariant 4), in one place for the sync feed and the stream's replay.
// A member of an inbox sees its conversations, messages and notes; a contact's events reach whoever sees a
// conversation with that contact; workspace-wide events (templates without an inbox) reach everyone.
import type { SidetextEvent } from "../../src/protocol/events";
import type { Executor } from "../db/executor";
import { headSeq, positionOf, toEvent, visibleEvents } from "./events.repository";

export interface Reader {
  inboxIds: string[];
}

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
  const rows = await visibleEvents(db, inboxIds, after, head, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  // The cursor moves past invisible events too, up to what was read; when the page is complete it is the feed's head.
  const cursor = hasMore ? positionOf(page[page.length - 1]) : Math.max(after, head);
  return { events: page.map(toEvent), cursor, hasMore };
}

/** Live filter for one committed event; `contactInboxIds` answers which inboxes hold a contact's conversations. */
export function mayRead(reader: Reader, event: SidetextEvent, contactInboxIds: (contactId: string) => string[]): boolean {
  const data = event.data as { inboxId?: string | null; id: string };
  if (event.type.startsWith("audit.")) return false;
  if (event.type === "contact.updated") return contactInboxIds(data.id).some((id) => reader.inboxIds.includes(id));
  if (event.type === "contact.event_recorded") return contactInboxIds(event.data.contactId).some((id) => reader.inboxIds.includes(id));
  if (data.inboxId == null) return true;
  return reader.inboxIds.includes(data.inboxId);
}
