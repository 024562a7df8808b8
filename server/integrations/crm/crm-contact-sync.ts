// Contact sync: a number is looked up in the CRM in the formats CRMs store it in (E.164, national with and
// without punctuation, international), and the match fills the contact: name, company, owner, the admin's
// mapped fields (usable as {{contact.attribute}} in templates) and `crmUrl`, the record's address ("Open in
// CRM"). The match is remembered per connection, so logging finds the record without searching again.
import type { Insertable } from "kysely";
import parsePhoneNumber from "libphonenumber-js";
import type { ServerContext } from "../../context";
import type { Contact } from "../../../src/protocol/entities";
import { findContactById, findContactForUpdate, updateContact } from "../../contacts/contacts.repository";
import { applyContactTags, tagsFromText } from "../../contacts/contact-tags";
import { inTransaction } from "../../events/transaction";
import { now } from "../../ids";
import type { CrmAdapter, CrmMatch } from "./crm-adapter";
import type { CrmConnectionRow } from "./crm-connections.repository";
import { findContactLink, saveContactLink } from "./crm.repository";
import type { CrmContactLinkTable } from "./crm.schema";

/** The spellings of one number a CRM may hold: +15551234567, 5551234567, (555) 123-4567, +1 555 123 4567, 15551234567. */
function numberFormats(e164: string): string[] {
  const parsed = parsePhoneNumber(e164);
  if (!parsed) return [e164];
  const national = parsed.formatNational();
  return [...new Set([parsed.number, parsed.nationalNumber, national, national.replace(/[^\d]/g, ""), parsed.formatInternational(), e164.replace(/^\+/, "")])];
}

export interface LinkedPerson {
  crmType: string;
  crmId: string;
  companyId: string | null;
}

/** The CRM person of a contact: remembered, else searched (and the contact filled); null when the CRM has none. */
export async function personOf(
  ctx: ServerContext,
  connection: CrmConnectionRow,
  adapter: CrmAdapter,
  contactId: string,
  refresh = false,
): Promise<LinkedPerson | null> {
  if (!refresh) {
    const link = await findContactLink(ctx.database.db, connection.id, contactId);
    if (link) return link;
  }
  const key = `${connection.id} ${contactId}`;
  const searching = searches.get(ctx) ?? new Map<string, Promise<LinkedPerson | null>>();
  searches.set(ctx, searching);
  // A new conversation's sync and its first text run side by side (lines of their own, crm-worker.ts): whichever
  // comes second takes the search in flight (it is as fresh as a new one) instead of asking the CRM a second time;
  // if that search fails, it searches itself.
  const pending = searching.get(key);
  if (pending) {
    const person = await pending.catch(() => undefined);
    if (person !== undefined) return person;
  }
  const search = searchPerson(ctx, connection, adapter, contactId);
  searching.set(key, search);
  const forget = () => searching.get(key) === search && searching.delete(key);
  search.then(forget, forget);
  return search;
}

/** Searches of the CRM in flight in this process, by connection and contact. */
const searches = new WeakMap<ServerContext, Map<string, Promise<LinkedPerson | null>>>();

async function searchPerson(ctx: ServerContext, connection: CrmConnectionRow, adapter: CrmAdapter, contactId: string): Promise<LinkedPerson | null> {
  const contact = await findContactById(ctx.database.db, contactId);
  if (!contact) return null;
  const fieldMap: Record<string, string> = JSON.parse(connection.fieldMap);
  const match = await adapter.findPerson(numberFormats(contact.phoneNumber), Object.keys(fieldMap));
  if (!match) return null;
  const row = {
    connectionId: connection.id,
    contactId,
    crmType: match.crmType,
    crmId: match.crmId,
    companyId: match.companyId,
    url: match.url,
    syncedAt: now(),
  };
  await fillContact(ctx, row, match, fieldMap);
  return row;
}

/**
 * Remembers the match and writes what the CRM knows onto the contact, with a contact.updated event when
 * anything changed: one commit (on SQLite, one fsync on the writer ingest needs) for both.
 */
async function fillContact(ctx: ServerContext, link: Insertable<CrmContactLinkTable>, match: CrmMatch, fieldMap: Record<string, string>): Promise<void> {
  const { contactId } = link;
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await saveContactLink(tx.db, link);
    const contact = await findContactForUpdate(tx.db, contactId);
    if (!contact) return;
    const attributes: Record<string, string> = { ...contact.attributes, crmUrl: match.url };
    if (match.company) attributes.company = match.company;
    if (match.ownerId) attributes.crmOwnerId = match.ownerId;
    if (match.ownerEmail) attributes.crmOwnerEmail = match.ownerEmail;
    const tags: string[] = [];
    for (const [property, attribute] of Object.entries(fieldMap)) {
      const value = match.properties[property];
      if (typeof value !== "string" || value === "") continue;
      // A property mapped to "tags" (a HubSpot multi-select "a;b", a Pipedrive label…) becomes tags, added to the team's.
      if (attribute === TAGS) tags.push(...tagsFromText(value));
      else attributes[attribute] = value;
    }
    const name = match.name ?? contact.name;
    const tagged = tags.length > 0 ? await applyContactTags(tx.db, contact, { add: tags }) : null;
    if (name === contact.name && sameAttributes(attributes, contact) && !tagged) return;
    const next = await updateContact(tx.db, tagged ?? contact, { name, attributes });
    await tx.emit("contact.updated", next, { action: "updated" });
  });
}

/** The attribute name that, in a field map, means "these are tags". */
const TAGS = "tags";

const sameAttributes = (a: Record<string, string>, contact: Contact) =>
  Object.keys(a).length === Object.keys(contact.attributes).length && Object.entries(a).every(([k, v]) => contact.attributes[k] === v);
