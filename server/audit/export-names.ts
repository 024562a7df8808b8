// The names an export's rows carry (actor, inbox and its location, contact, a note's conversation's contact),
// looked up once a page for the ids the page has not met yet, instead of joined on every row. The same answers as
// auditPage's joins: an id with no row names nothing. Users, inboxes and locations are few and kept for the
// export; contacts and conversations are forgotten past MAX_KEPT, so memory stays flat on any trail.
import type { Executor } from "../db/executor";
import type { AuditEventRow, exportPage } from "./audit.repository";
import { contactsNamed, conversationContacts, inboxesNamed, usersNamed } from "./export-names.repository";

type EventRow = Awaited<ReturnType<typeof exportPage>>[number];
type Contact = { name: string | null; phoneNumber: string } | null;
type Inbox = { name: string; locationId: string | null; locationName: string | null } | null;

const MAX_KEPT = 50_000;
/** Ids per IN (…): under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 1_000;

function missing<T>(known: Map<string, T>, ids: Iterable<string | null>): string[] {
  const out = new Set<string>();
  for (const id of ids) if (id !== null && !known.has(id)) out.add(id);
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
  async name(page: EventRow[]): Promise<AuditEventRow[]> {
    if (this.contacts.size + this.conversations.size > MAX_KEPT) {
      this.contacts.clear();
      this.conversations.clear();
    }
    await this.load(page);
    return page.map((e) => {
      const inbox = e.inboxId === null ? null : this.inboxes.get(e.inboxId);
      const contact = e.contactId === null ? null : this.contacts.get(e.contactId);
      const conversationContactId = e.conversationId === null ? null : (this.conversations.get(e.conversationId) ?? null);
      const noteContact = conversationContactId === null ? null : this.contacts.get(conversationContactId);
      // Each field named, not spread: a driver's row objects are slow to spread, and one shape keeps this monomorphic.
      return {
        seq: e.seq,
        type: e.type,
        action: e.action,
        actorId: e.actorId,
        inboxId: e.inboxId,
        conversationId: e.conversationId,
        contactId: e.contactId,
        data: e.data,
        createdAt: e.createdAt,
        actorName: e.actorId === null ? null : (this.users.get(e.actorId) ?? null),
        inboxName: inbox?.name ?? null,
        locationId: inbox?.locationId ?? null,
        locationName: inbox?.locationName ?? null,
        contactName: contact?.name ?? null,
        contactPhone: contact?.phoneNumber ?? null,
        conversationContactId,
        conversationContactName: noteContact?.name ?? null,
        conversationContactPhone: noteContact?.phoneNumber ?? null,
      };
    });
  }

  private async load(page: EventRow[]) {
    const db = this.db;
    const users = missing(
      this.users,
      page.map((e) => e.actorId),
    );
    for (const id of users) this.users.set(id, null);
    for (const u of await lookUp(users, (ids) => usersNamed(db, ids))) this.users.set(u.id, u.name);
    const inboxes = missing(
      this.inboxes,
      page.map((e) => e.inboxId),
    );
    for (const id of inboxes) this.inboxes.set(id, null);
    const inboxRows = await lookUp(inboxes, (ids) => inboxesNamed(db, ids));
    for (const i of inboxRows) this.inboxes.set(i.id, { name: i.name, locationId: i.locationId, locationName: i.locationName });
    const conversations = missing(
      this.conversations,
      page.map((e) => e.conversationId),
    );
    for (const id of conversations) this.conversations.set(id, null);
    const conversationRows = await lookUp(conversations, (ids) => conversationContacts(db, ids));
    for (const c of conversationRows) this.conversations.set(c.id, c.contactId);
    const contacts = missing(this.contacts, [...page.map((e) => e.contactId), ...conversationRows.map((c) => c.contactId)]);
    for (const id of contacts) this.contacts.set(id, null);
    const contactRows = await lookUp(contacts, (ids) => contactsNamed(db, ids));
    for (const c of contactRows) this.contacts.set(c.id, { name: c.name, phoneNumber: c.phoneNumber });
  }
}
