// Topic "inbox": the list views' data. Reads an index page (newest first, `limit` rows), never the whole
// table: the cache may hold thousands of conversations.
import Dexie from "dexie";
import { fromConversationRow, fromOutboxRow, type ConversationRow } from "../../db/rows";
import type { InboxFilter, InboxSnapshot } from "../../protocol/messages";
import type { Presence } from "../../protocol/stream";
import type { WorkerContext } from "../context";
import { contactTagIndex } from "../contact-tag-index";

const DEFAULT_LIST_LIMIT = 200;

/** `tagged`: the cached contacts with filter.tag (contact-tag-index.ts), when the filter has one. */
function conversationsFor(ctx: WorkerContext, filter: InboxFilter, meId: string, tagged?: ReadonlySet<string>) {
  const { conversations } = ctx.db;
  const assignee = filter.assignee === "me" ? meId : filter.assignee;
  const range = (index: string, key: string) => conversations.where(index).between([key, Dexie.minKey], [key, Dexie.maxKey]).reverse();
  // The most selective index first; the remaining conditions are checked row by row.
  const collection = filter.attention
    ? conversations.where("attention").equals(1).reverse()
    : filter.status
      ? range("[status+sortAt]", filter.status)
      : filter.inboxId
        ? range("[inboxId+sortAt]", filter.inboxId)
        : assignee
          ? range("[assigneeKey+sortAt]", assignee)
          : conversations.orderBy("sortAt").reverse();
  const conditions = [filter.attention, filter.status, filter.inboxId, assignee, filter.tag].filter(Boolean).length;
  // The index alone answers one condition (and count() stays an index count); a tag is never in an index.
  if (conditions <= 1 && !filter.tag) return collection;
  const matches = (c: ConversationRow) =>
    (!filter.status || c.status === filter.status) &&
    (!filter.inboxId || c.inboxId === filter.inboxId) &&
    (!assignee || c.assigneeKey === assignee) &&
    (!filter.tag || !!tagged?.has(c.contactId));
  return collection.filter(matches);
}

export async function inboxSnapshot(ctx: WorkerContext, filter: InboxFilter = {}): Promise<InboxSnapshot> {
  const { db } = ctx;
  const me = ctx.engine.session()?.user ?? null;
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
  // A tag filter: the cache answers now; the server is asked too (once) and its answer lands in the cache.
  if (filter.tag) ctx.tagLookups.ask(filter);
  const tagged = filter.tag ? ((await contactTagIndex(db)).get(filter.tag) ?? new Set<string>()) : undefined;
  // One read transaction for the whole snapshot: in Chrome each IndexedDB transaction has a fixed cost.
  const { rows, contacts, users, inboxes, templates, outbox } = await db.transaction(
    "r",
    [db.conversations, db.contacts, db.users, db.inboxes, db.templates, db.outbox],
    async () => {
      const list = me ? conversationsFor(ctx, filter, me.id, tagged) : null;
      let rows = list ? await list.clone().limit(limit).toArray() : [];
      // The attention index has no time order: sort that (small) set here.
      if (filter.attention) rows = rows.sort((a, b) => b.sortAt.localeCompare(a.sortAt));
      const [contacts, users, inboxes, templates, outbox] = await Promise.all([
        db.contacts.bulkGet([...new Set(rows.map((r) => r.contactId))]),
        db.users.toArray(),
        db.inboxes.toArray(),
        db.templates.toArray(),
        db.outbox.orderBy("createdAt").toArray(),
      ]);
      return { rows, contacts, users, inboxes, templates, outbox };
    },
  );
  // Counts walk an index: the last known value now, a fresh one in a follow-up snapshot (./counts.ts).
  const unfiltered = !filter.attention && !filter.status && !filter.inboxId && !filter.assignee && !filter.tag;
  const [total, needsAttention] = me
    ? await Promise.all([
        ctx.counts.get(`total:${JSON.stringify({ ...filter, limit: 0 })}`, () =>
          unfiltered ? db.conversations.count() : conversationsFor(ctx, filter, me.id, tagged).count(),
        ),
        ctx.counts.get("attention", () => db.conversations.where("attention").equals(1).count()),
      ])
    : [0, 0];
  const presence: Record<string, Presence[]> = {};
  for (const row of rows) {
    const here = ctx.engine.presence.list(row.id);
    if (here.length) presence[row.id] = here;
  }
  return {
    me,
    presence,
    conversations: rows.map(fromConversationRow),
    contacts: Object.fromEntries(
      contacts
        .filter((c) => !!c)
        .map((c) => {
          const { seq: _s, ...contact } = c!;
          return [contact.id, contact];
        }),
    ),
    users,
    inboxes,
    templates: templates.map(({ seq: _s, ...t }) => t).sort((a, b) => a.name.localeCompare(b.name)),
    outbox: outbox.map(fromOutboxRow),
    total,
    needsAttention,
  };
}
