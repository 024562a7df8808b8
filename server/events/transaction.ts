// Every change and the event that records it are written in one transaction; the events are published
// to live listeners only after the commit. Services write through `inTransaction` and never publish by hand.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema";
import type { EventType, SidetextEvent, EventOf } from "../../src/protocol/events";
import type { EventBus } from "./event-bus";
import { now } from "../ids";
import { insertEvent } from "./events.repository";

export interface Tx {
  db: Transaction<Database>;
  /** Records a change in the feed; returns the event with its seq (0 on PostgreSQL: given after commit). */
  emit<T extends EventType>(type: T, data: EventOf<T>["data"], meta?: { actorId?: string | null; action?: EventOf<T>["action"] }): Promise<EventOf<T>>;
}

/**
 * SQLite: one writer at a time, so `seq` (the feed position) is handed out in commit order. PostgreSQL:
 * writers run side by side and take no global lock; their events are stored without a position and the
 * sequencer numbers them after commit (cluster/sequencer.ts), so a late commit gets a later position and a
 * rollback leaves no hole. Nothing is NOTIFYed here either: a pending NOTIFY serialises every committing
 * transaction in PostgreSQL (issue 14). The events handed to the bus then carry seq 0; the bus publishes
 * them with their positions once sequenced.
 */
export async function inTransaction<T>(db: Kysely<Database>, bus: EventBus, work: (tx: Tx) => Promise<T>): Promise<T> {
  const emitted: SidetextEvent[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const tx: Tx = {
      db: trx,
      emit: async (type, data, meta = {}) => {
        const createdAt = now();
        const scope = eventScope(type, data as Record<string, unknown>);
        const seq = await insertEvent(trx, {
          type,
          action: meta.action ?? null,
          actorId: meta.actorId ?? null,
          ...scope,
          data: JSON.stringify(data),
          createdAt,
        });
        const event = { seq, type, createdAt, actorId: meta.actorId ?? null, action: meta.action ?? null, data } as EventOf<typeof type>;
        emitted.push(event);
        return event;
      },
    };
    return work(tx);
  });
  // Answered once its events are in the feed, as on SQLite: a client that reads /v1/sync next sees them.
  const inFeed = bus.committed(emitted);
  if (inFeed) await inFeed;
  return result;
}

/** Which readers an event belongs to, stored beside it so the feed filters in SQL. */
export function eventScope(type: EventType, data: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  if (type.startsWith("conversation.")) return { inboxId: str(data.inboxId), contactId: str(data.contactId), conversationId: str(data.id) };
  if (type.startsWith("message.") || type.startsWith("note.") || type === "sla.breached")
    return { inboxId: str(data.inboxId), contactId: str(data.contactId), conversationId: str(data.conversationId) };
  if (type === "contact.updated") return { inboxId: null, contactId: str(data.id), conversationId: null };
  if (type === "contact.event_recorded") return { inboxId: null, contactId: str(data.contactId), conversationId: null };
  // Templates: everyone sees workspace templates; an inbox-scoped one only that inbox's members.
  return { inboxId: str(data.inboxId), contactId: null, conversationId: null };
}
