// Records an event another app reports about a contact: the contact is found or made by phone number (any
// way it is written; libphonenumber-js through core/phone), its name and attributes filled, and the event
// stored on its timeline with a feed event, all in one transaction. The idempotency key makes a retried
// report the same event: the first one is answered again and nothing is written.
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import type { ContactEvent, InboundEventBody } from "../../../src/protocol/contact-events";
import { toE164 } from "../../../src/core/phone";
import { AppError } from "../../errors";
import { newId, now } from "../../ids";
import { inTransaction } from "../../events/transaction";
import { findOrCreateContact, updateContact } from "../../contacts/contacts.repository";
import { applyContactTags } from "../../contacts/contact-tags";
import { eventByKey, insertContactEvent } from "./events.repository";

export async function recordContactEvent(ctx: ServerContext, actor: AuthedUser | null, input: InboundEventBody, source = "api") {
  const phone = toE164(input.contact.phone, input.contact.country);
  if (!phone) throw new AppError("validation_failed", `contact.phone: "${input.contact.phone}" is not a phone number we can text`);
  const key = `${source}:${input.idempotencyKey}`;
  const prior = await eventByKey(ctx.database.db, key);
  if (prior) return { event: prior, created: false };
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    // A retry racing the first report: the loser finds the winner's event inside its own transaction.
    const raced = await eventByKey(tx.db, key);
    if (raced) return { event: raced, created: false };
    const found = await findOrCreateContact(tx.db, phone, input.contact.name ?? null);
    let contact = found.contact;
    const attributes = { ...contact.attributes, ...input.contact.attributes };
    const name = input.contact.name && !contact.name ? input.contact.name : contact.name;
    const changed = name !== contact.name || JSON.stringify(attributes) !== JSON.stringify(contact.attributes);
    if (changed) contact = await updateContact(tx.db, contact, { name, attributes });
    // contact.tags are added to the contact's own (a form's "newsletter" box), never replacing the team's.
    const tagged = input.contact.tags?.length ? await applyContactTags(tx.db, contact, { add: input.contact.tags }) : null;
    if (tagged) contact = tagged;
    if (found.created || changed || tagged)
      await tx.emit("contact.updated", contact, { actorId: actor?.id ?? null, action: found.created ? "created" : "updated" });
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
    await insertContactEvent(tx.db, event);
    await tx.emit("contact.event_recorded", event, { actorId: actor?.id ?? null });
    return { event, created: true };
  });
}
