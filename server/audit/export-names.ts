// The names an export's rows carry (who, which inbox and location, which contact), looked up in memory instead of
// joined per row: people, inboxes and locations are few and loaded once; contacts and conversations are looked up
// a page at a time (one IN query for the ids not seen yet) and kept, up to a bound so memory stays flat.
import type { Executor } from "../db/executor";
import { type AuditEventRow, contactNames, conversationContacts, everyInboxPlace, everyUserName, type exportPage } from "./audit.repository";

type EventRow = Awaited<ReturnType<typeof exportPage>>[number];
/** Contacts and conversations kept between pages; past it the caches start again (a page's ids are read back). */
const KEEP = 50_000;
const CHUNK = 500;

export class ExportNames {
  private readonly contacts = new Map<string, { name: string | null; phoneNumber: string }>();
  private readonly conversations = new Map<string, string>();

  private constructor(
    private readonly db: Executor,
    private readonly users: Map<string, string>,
    private readonly inboxes: Map<string, { name: string; locationId: string | null; locationName: string | null }>,
  ) {}

  static async load(db: Executor) {
    const users = new Map((await everyUserName(db)).map((u) => [u.id, u.name]));
    const inboxes = new Map((await everyInboxPlace(db)).map((i) => [i.id, i]));
    return new ExportNames(db, users, inboxes);
  }

  /** The page's rows with the names an audit row needs, as the trail's joined read gives them. */
  async name(rows: EventRow[]): Promise<AuditEventRow[]> {
    if (this.contacts.size > KEEP) this.contacts.clear();
    if (this.conversations.size > KEEP) this.conversations.clear();
    const conversationIds = unseen(
      rows.map((r) => r.conversationId),
      this.conversations,
    );
    for (let i = 0; i < conversationIds.length; i += CHUNK)
      for (const c of await conversationContacts(this.db, conversationIds.slice(i, i + CHUNK))) this.conversations.set(c.id, c.contactId);
    const contactIds = unseen(
      [...rows.map((r) => r.contactId), ...rows.map((r) => (r.conversationId ? this.conversations.get(r.conversationId) : null))],
      this.contacts,
    );
    for (let i = 0; i < contactIds.length; i += CHUNK) for (const c of await contactNames(this.db, contactIds.slice(i, i + CHUNK))) this.contacts.set(c.id, c);
    return rows.map((r) => {
      const inbox = r.inboxId ? this.inboxes.get(r.inboxId) : undefined;
      const contact = r.contactId ? this.contacts.get(r.contactId) : undefined;
      const conversationContactId = r.conversationId ? (this.conversations.get(r.conversationId) ?? null) : null;
      const other = conversationContactId ? this.contacts.get(conversationContactId) : undefined;
      return {
        ...r,
        actorName: r.actorId ? (this.users.get(r.actorId) ?? null) : null,
        inboxName: inbox?.name ?? null,
        locationId: inbox?.locationId ?? null,
        locationName: inbox?.locationName ?? null,
        contactName: contact?.name ?? null,
        contactPhone: contact?.phoneNumber ?? null,
        conversationContactId,
        conversationContactName: other?.name ?? null,
        conversationContactPhone: other?.phoneNumber ?? null,
      };
    });
  }
}

function unseen(ids: Array<string | null | undefined>, known: Map<string, unknown>): string[] {
  const out = new Set<string>();
  for (const id of ids) if (id && !known.has(id)) out.add(id);
  return [...out];
}
