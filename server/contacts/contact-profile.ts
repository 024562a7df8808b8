// A contact is one per number for the whole workspace, but what one inbox learnt about the person (name,
// attributes, tags) is not every inbox's to read: texting a number must not tell an agent who it belongs to.
// A conversation introduces the contact to its inbox when it was the contact's first conversation (the
// inbox the contact was met in) or when the customer has texted that inbox. A user sees a contact's profile
// through the inboxes it was introduced to; elsewhere the contact shows its number and opt-out only (the
// opt-out is workspace-wide: compliance). Every answer and event that carries a contact goes through here.
import type { Contact } from "../../src/protocol/entities";
import type { SidetextEvent } from "../../src/protocol/events";
import type { Executor } from "../db/executor";
import { contactsIntroducedTo } from "./contacts.repository";

export interface ProfileReader {
  inboxIds: readonly string[];
}

/** The contact without what an inbox learnt about the person: number, opt-out and times stay. */
export const withoutProfile = ({ tags: _tags, ...contact }: Contact): Contact => ({ ...contact, name: null, attributes: {}, optOutMessageId: null });

/** Of these contacts, those whose profile `reader` may see. */
async function contactsWithProfile(db: Executor, reader: ProfileReader, contactIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0 || reader.inboxIds.length === 0) return new Set();
  return contactsIntroducedTo(db, ids, reader.inboxIds);
}

/** The contacts as `reader` may see them. */
export async function contactsSeenBy(db: Executor, reader: ProfileReader, contacts: Contact[]): Promise<Contact[]> {
  const shown = await contactsWithProfile(
    db,
    reader,
    contacts.map((c) => c.id),
  );
  return contacts.map((c) => (shown.has(c.id) ? c : withoutProfile(c)));
}

export async function contactSeenBy(db: Executor, reader: ProfileReader, contact: Contact): Promise<Contact> {
  return (await contactsSeenBy(db, reader, [contact]))[0];
}

/** Feed events as `reader` may see them: contact.updated without the profile where it was not introduced. */
export async function eventsSeenBy(db: Executor, reader: ProfileReader, events: SidetextEvent[]): Promise<SidetextEvent[]> {
  const contactIds = events.flatMap((e) => (e.type === "contact.updated" ? [e.data.id] : []));
  if (contactIds.length === 0) return events;
  const shown = await contactsWithProfile(db, reader, contactIds);
  return events.map((e) => (e.type === "contact.updated" && !shown.has(e.data.id) ? ({ ...e, data: withoutProfile(e.data) } as SidetextEvent) : e));
}
