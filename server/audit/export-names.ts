// The names an export's rows carry (actor, inbox and its location, contact, a note's conversation's contact),
// looked up once a page for the ids the page has not met yet, instead of joined on every row. The same answers as
// auditPage's joins: an id with no row names nothing. Users, inboxes and locations are few and kept for the
// export; contacts and conversations are forgotten past MAX_KEPT, so memory stays flat on any trail.
import type { Executor } from "../db/executor";
import type { AuditEventRow } from "./audit.repository";
import { contactsNamed, conversationContacts, inboxesNamed, usersNamed } from "./export-names.repository";
import type { EventTuple } from "./export-page.repository";
type Contact = { name: string | null; phoneNumber: string } | null;
type Inbox = { name: string; locationId: string | null; locationName: string | null } | null;

const MAX_KEPT = 50_000;
/** Ids per IN (…): under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 1_000;

/** The ids in column `column` of the page that `known` has not met, each once. */
function missing<T>(known: Map<string, T>, page: EventTuple[], column: 3 | 4 | 5 | 6, more: Array<string | null> = []): string[] {
  const out = new Set<string>();
  for (const e of page) {
    const id = e[column];
    if (id !== null && !known.has(id)) out.add(id);
  }
  for (const id of more) if (id !== null && !known.has(id)) out.add(id);
  return [...out];
}

async function lookUp<R>(ids: string[], query: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await query(ids.slice(i, i + CHUNK))));
  return rows;
}

export class ExportNames {
  private readonly users = new Map<string, string | null>();
  private readonly inboxes = new Map<string, Inbox>();
  private readonly contacts = new Map<string, Contact>();
  /** A conversation's contact id. */
  private readonly conversations = new Map<string, string | null>();

  constructor(private readonly db: Executor) {}

  /** The page's rows with their names, in the shape auditPage returns. */
  async name(page: EventTuple[]): Promise<AuditEventRow[]> {
    if (this.contacts.size + this.conversations.size > MAX_KEPT) {
      this.contacts.clear();
      this.conversations.clear();
    }
    await this.load(page);
    const out: AuditEventRow[] = new Array(page.length);
    for (let i = 0; i < page.length; i++) {
      const [seq, type, action, actorId, inboxId, conversationId, contactId, data, createdAt] = page[i];
      const inbox = inboxId === null ? null : this.inboxes.get(inboxId);
      const contact = contactId === null ? null : this.contacts.get(contactId);
      const conversationContactId = conversationId === null ? null : (this.conversations.get(conversationId) ?? null);
      const noteContact = conversationContactId === null ? null : this.contacts.get(conversationContactId);
      out[i] = {
        seq,
        type,
        action,
        actorId,
        inboxId,
        conversationId,
        contactId,
        data,
        createdAt,
        actorName: actorId === null ? null : (this.users.get(actorId) ?? null),
        inboxName: inbox?.name ?? null,
        locationId: inbox?.locationId ?? null,
        locationName: inbox?.locationName ?? null,
        contactName: contact?.name ?? null,
        contactPhone: contact?.phoneNumber ?? null,
        conversationContactId,
        conversationContactName: noteContact?.name ?? null,
        conversationContactPhone: noteContact?.phoneNumber ?? null,
      };
    }
    return out;
  }

  private async load(page: EventTuple[]) {
    const db = this.db;
    const users = missing(this.users, page, 3);
    for (const id of users) this.users.set(id, null);
    for (const u of await lookUp(users, (ids) => usersNamed(db, ids))) this.users.set(u.id, u.name);
    const inboxes = missing(this.inboxes, page, 4);
    for (const id of inboxes) this.inboxes.set(id, null);
    const inboxRows = await lookUp(inboxes, (ids) => inboxesNamed(db, ids));
    for (const i of inboxRows) this.inboxes.set(i.id, { name: i.name, locationId: i.locationId, locationName: i.locationName });
    const conversations = missing(this.conversations, page, 5);
    for (const id of conversations) this.conversations.set(id, null);
    const conversationRows = await lookUp(conversations, (ids) => conversationContacts(db, ids));
    for (const c of conversationRows) this.conversations.set(c.id, c.contactId);
    const contacts = missing(
      this.contacts,
      page,
      6,
      conversationRows.map((c) => c.contactId),
    );
    for (const id of contacts) this.contacts.set(id, null);
    const contactRows = await lookUp(contacts, (ids) => contactsNamed(db, ids));
    for (const c of contactRows) this.contacts.set(c.id, { name: c.name, phoneNumber: c.phoneNumber });
  }
}
