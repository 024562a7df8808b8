// The worker's cache (Dexie over IndexedDB). Only the service worker opens it; views read through the
// port (see src/protocol/messages.ts). Every mutation is announced to onTablesChanged listeners, so live
// views refresh without each writer remembering to say so.
import Dexie, { type Table } from "dexie";
import type {
  ActivityRow,
  ContactRow,
  ConversationRow,
  CrmLinkRow,
  InboxRow,
  MessageRow,
  MetaKey,
  MetaRow,
  MetaValues,
  NoteRow,
  OutboxRow,
  ParkedOutboxRow,
  TemplateRow,
  ThreadRow,
  UserRow,
} from "./rows";

const DB_NAME = "sidetext";

export type TableName =
  | "users"
  | "inboxes"
  | "templates"
  | "contacts"
  | "conversations"
  | "messages"
  | "notes"
  | "activities"
  | "threads"
  | "outbox"
  | "meta"
  | "parkedOutbox"
  | "crmLinks";
export type TablesListener = (tables: ReadonlySet<TableName>) => void;

export class SidetextDb extends Dexie {
  users!: Table<UserRow, string>;
  inboxes!: Table<InboxRow, string>;
  templates!: Table<TemplateRow, string>;
  contacts!: Table<ContactRow, string>;
  conversations!: Table<ConversationRow, string>;
  messages!: Table<MessageRow, string>;
  notes!: Table<NoteRow, string>;
  activities!: Table<ActivityRow, [number, string]>;
  threads!: Table<ThreadRow, string>;
  outbox!: Table<OutboxRow, string>;
  meta!: Table<MetaRow, MetaKey>;
  parkedOutbox!: Table<ParkedOutboxRow, string>;
  crmLinks!: Table<CrmLinkRow, string>;
  private listeners = new Set<TablesListener>();

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      users: "id",
      inboxes: "id",
      templates: "id",
      contacts: "id, phoneNumber",
      conversations: "id, sortAt, [status+sortAt], [inboxId+sortAt], [assigneeKey+sortAt], contactId, attention",
      messages: "id, [conversationId+createdAt], clientId",
      notes: "id, [conversationId+createdAt]",
      activities: "[seq+conversationId], [conversationId+createdAt]",
      threads: "conversationId",
      outbox: "clientId, conversationId, createdAt",
      meta: "key",
    });
    // 2: unsent texts kept per user across sign-out (parkedOutbox); where numbers were seen on CRM records,
    // moved here from storage.local, which every content script can read (crmLinks).
    this.version(2).stores({
      parkedOutbox: "clientId, owner",
      crmLinks: "e164, at",
    });
    this.use({
      stack: "dbcore",
      name: "announce-changes",
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          return {
            ...table,
            mutate: (req) =>
              table.mutate(req).then((res) => {
                this.announce(tableName as TableName);
                return res;
              }),
          };
        },
      }),
    });
  }

  /** Called (once per microtask burst) with the tables written since the last call. */
  onTablesChanged(listener: TablesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private writes = new Map<TableName, number>();
  /** How many writes a table has had (counted at once; listeners hear a task later). */
  writeCount(table: TableName): number {
    return this.writes.get(table) ?? 0;
  }

  private pending = new Set<TableName>();
  private announce(table: TableName) {
    this.writes.set(table, this.writeCount(table) + 1);
    if (this.pending.size === 0) {
      // After the current transaction's callbacks: readers started then see the committed data
      // (IndexedDB orders a later reader after an earlier writer on the same stores).
      setTimeout(() => {
        const tables = this.pending;
        this.pending = new Set();
        for (const listener of this.listeners) listener(tables);
      }, 0);
    }
    this.pending.add(table);
  }

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
    return (await this.meta.get(key))?.value as MetaValues[K] | undefined;
  }

  async setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    await this.meta.put({ key, value });
  }

  /**
   * Everything except what the caller keeps: used by sign-out and by re-bootstrap. Parked sends stay
   * (they belong to users who are signed out, see ParkedOutboxRow); where numbers were seen on CRM records
   * stays with the session (a re-bootstrap keeps it, a sign-out forgets it).
   */
  async clearCache(keep: { outbox?: boolean; session?: boolean } = {}): Promise<void> {
    const tables = [this.users, this.inboxes, this.templates, this.contacts, this.conversations, this.messages, this.notes, this.activities, this.threads];
    await this.transaction("rw", [...tables, this.outbox, this.meta, this.crmLinks], async () => {
      await Promise.all(tables.map((t) => t.clear()));
      if (!keep.outbox) await this.outbox.clear();
      if (keep.session) await this.meta.delete("cursor");
      else await Promise.all([this.meta.clear(), this.crmLinks.clear()]);
    });
  }
}
