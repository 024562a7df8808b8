// Records an event another app reports about a contact: the contact is found or made by phone number (any
// way it is written; libphonenumber-js through core/phone), its name and attributes filled, and the event
// stored on its timeline with a feed event, all in one transaction. The idempotency key makes a retried
// report the same event: the first one is answered again and nothing is written.
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import type { ContactEvent, InboundEventBody } from "../../../src/protocol/contact-events";
import type { Executor } from "../../db/executor";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { toE164 } from "../../../src/core/phone";
import { AppError } from "../../errors";
import { newId, now } from "../../ids";
import { inTransaction } from "../../events/transaction";
import { findOrCreateContact, updateContact } from "../../contacts/contacts.repository";

type Row = Omit<ContactEvent, "data"> & { data: string };
const eventsDb = (db: Executor) => db as unknown as Kysely<Database & { contactEvent: Row }>;
const toEvent = (r: Row): ContactEvent => ({ ...r, data: JSON.parse(r.data) });

async function byKey(db: Executor, key: string) {
  const row = await eventsDb(db).selectFrom("contactEvent").selectAll().where("idempotencyKey", "=", key).executeTakeFirst();
  return row ? toEvent(row) : null;
}

export async function recordContactEvent(ctx: ServerContext, actor: AuthedUser | null, input: InboundEventBody, source = "api") {
  const phone = toE164(input.contact.phone, input.contact.country);
  if (!phone) throw new AppError("validation_failed", `contact.phone: "${input.contact.phone}" is not a phone number we can text`);
  const key = `${source}:${input.idempotencyKey}`;
  const prior = await byKey(ctx.database.db, key);
  if (prior) return { event: prior, created: false };
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    // A retry racing the first report: the loser finds the winner's event inside its own transaction.
    const raced = await byKey(tx.db, key);
    if (raced) return { event: raced, created: false };
    const found = await findOrCreateContact(tx.db, phone, input.contact.name ?? null);
    let contact = found.contact;
    const attributes = { ...contact.attributes, ...input.contact.attributes };
    const name = input.contact.name && !contact.name ? input.contact.name : contact.name;
    const changed = name !== contact.name || JSON.stringify(attributes) !== JSON.stringify(contact.attributes);
    if (changed) contact = await updateContact(tx.db, contact, { name, attributes });
    if (found.created || changed) await tx.emit("contact.updated", contact, { actorId: actor?.id ?? null, action: found.created ? "created" : "updated" });
    const event: ContactEvent = {
      id: newId("cev"),
      contactId: contact.id,
      type: input.type,
      data: input.contact.tags ? { ...input.data, tags: input.contact.tags } : input.data,
      occurredAt: input.occurredAt ?? now(),
      idempotencyKey: key,
      source,
      createdAt: now(),
    };
    await eventsDb(tx.db)
      .insertInto("contactEvent")
      .values({ ...event, data: JSON.stringify(event.data) })
      .execute();
    await tx.emit("contact.event_recorded", event, { actorId: actor?.id ?? null });
    return { event, created: true };
  });
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
