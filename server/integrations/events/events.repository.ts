// The contactEvent rows (a contact's timeline of reported events), and whether an agent sees a contact.
import type { Kysely } from "kysely";
import type { ContactEvent } from "../../../src/protocol/contact-events";
import type { Executor } from "../../db/executor";
import type { Database } from "../../db/schema";

type Row = Omit<ContactEvent, "data"> & { data: string };
const eventsDb = (db: Executor) => db as unknown as Kysely<Database & { contactEvent: Row }>;
const toEvent = (r: Row): ContactEvent => ({ ...r, data: JSON.parse(r.data) });

/** The event already recorded under this idempotency key, if any. */
export async function eventByKey(db: Executor, key: string) {
  const row = await eventsDb(db).selectFrom("contactEvent").selectAll().where("idempotencyKey", "=", key).executeTakeFirst();
  return row ? toEvent(row) : null;
}

export async function insertContactEvent(db: Executor, event: ContactEvent) {
  await eventsDb(db)
    .insertInto("contactEvent")
    .values({ ...event, data: JSON.stringify(event.data) })
    .execute();
}

/** A contact's reported events, newest first. */
export async function contactTimeline(db: Executor, contactId: string, limit: number) {
  const rows = await eventsDb(db)
    .selectFrom("contactEvent")
    .selectAll()
    .where("contactId", "=", contactId)
    .orderBy("occurredAt", "desc")
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** Whether the contact has a conversation in one of these inboxes. */
export async function contactInInboxes(db: Executor, contactId: string, inboxIds: string[]) {
  const row = await db
    .selectFrom("conversation")
    .select("id")
    .where("contactId", "=", contactId)
    .where("inboxId", "in", inboxIds.length ? inboxIds : ["\u0000none"])
    .executeTakeFirst();
  return row !== undefined;
}
