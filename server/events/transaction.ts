// Every change and the event that records it are written in one transaction; the events are published
// to live listeners only after the commit. Services write through `inTransaction` and never publish by hand.
import { PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema";
import type { EventType, SidetextEvent, EventOf } from "../../src/protocol/events";
import type { EventBus } from "./event-bus";
import { now } from "../ids";

export interface Tx {
  db: Transaction<Database>;
  /** Records a change in the feed; returns the event with its seq. */
  emit<T extends EventType>(type: T, data: EventOf<T>["data"], meta?: { actorId?: string | null; action?: EventOf<T>["action"] }): Promise<EventOf<T>>;
}

/**
 * PostgreSQL hands out `seq` at insert, not at commit: with two writers, seq 11 could commit before seq 10,
 * and a reader that saw 11 would move its cursor past 10 for good. So writing transactions take one
 * database-wide lock first, held until commit: commit order is seq order, and every seq below the highest
 * visible one is committed (or rolled back, never to appear). It is taken before any read or write, not at
 * the first event: taken later, a transaction holding a row (a new contact's phone, a conversation) could
 * wait for the lock while the holder waits for that row — a deadlock. Costs: writes are serial (see
 * BENCHMARKS.md, PostgreSQL scale-out); read-then-write jobs (snooze wake-up, overdue flags, claims) run
 * one at a time across instances. SQLite already allows one writer at a time.
 */
export const EVENT_APPEND_LOCK = 0x53545f31; // "ST_1"
const usesPostgres = new WeakMap<object, boolean>();
const isPostgres = (db: Kysely<Database>) => {
  const executor = db.getExecutor();
  let pg = usesPostgres.get(executor.adapter);
  if (pg === undefined) usesPostgres.set(executor.adapter, (pg = executor.adapter instanceof PostgresAdapter));
  return pg;
};

export async function inTransaction<T>(db: Kysely<Database>, bus: EventBus, work: (tx: Tx) => Promise<T>): Promise<T> {
  const emitted: SidetextEvent[] = [];
  const serialise = isPostgres(db);
  const result = await db.transaction().execute(async (trx) => {
    if (serialise) await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_APPEND_LOCK)})`.execute(trx);
    const tx: Tx = {
      db: trx,
      emit: async (type, data, meta = {}) => {
        const createdAt = now();
        const scope = eventScope(type, data as Record<string, unknown>);
        const row = await trx
          .insertInto("event")
          .values({ type, action: meta.action ?? null, actorId: meta.actorId ?? null, ...scope, data: JSON.stringify(data), createdAt })
          .returning("seq")
          .executeTakeFirstOrThrow();
        const event = { seq: Number(row.seq), type, createdAt, actorId: meta.actorId ?? null, action: meta.action ?? null, data } as EventOf<typeof type>;
        emitted.push(event);
        return event;
      },
    };
    return work(tx);
  });
  bus.publish(emitted);
  return result;
}

/** Which readers an event belongs to, stored beside it so the feed filters in SQL. */
export function eventScope(type: EventType, data: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  if (type.startsWith("conversation.")) return { inboxId: str(data.inboxId), contactId: str(data.contactId), conversationId: str(data.id) };
  if (type.startsWith("message.") || type.startsWith("note.")) return { inboxId: str(data.inboxId), contactId: str(data.contactId), conversationId: str(data.conversationId) };
  if (type === "contact.updated") return { inboxId: null, contactId: str(data.id), conversationId: null };
  // Templates: everyone sees workspace templates; an inbox-scoped one only that inbox's members.
  return { inboxId: str(data.inboxId), contactId: null, conversationId: null };
}
