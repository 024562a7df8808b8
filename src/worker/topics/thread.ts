// Topic "thread": one conversation with its history, pending sends and who else is there. Opening a
// thread the cache does not hold yet starts loading its newest page.
import Dexie from "dexie";
import { fromConversationRow, fromOutboxRow, stripSeq } from "../../db/rows";
import type { ThreadSnapshot } from "../../protocol/messages";
import type { WorkerContext } from "../context";

const byTime = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

export async function threadSnapshot(ctx: WorkerContext, conversationId: string): Promise<ThreadSnapshot> {
  const { db, engine } = ctx;
  const inThread = [
    [conversationId, Dexie.minKey],
    [conversationId, Dexie.maxKey],
  ] as const;
  const tables = [db.conversations, db.threads, db.messages, db.notes, db.activities, db.outbox, db.users, db.templates, db.contacts, db.inboxes];
  const [row, thread, messages, notes, activities, outbox, users, templates, contact, inbox] = await db.transaction("r", tables, async () => {
    const parts = await Promise.all([
      db.conversations.get(conversationId),
      db.threads.get(conversationId),
      db.messages
        .where("[conversationId+createdAt]")
        .between(...inThread)
        .toArray(),
      db.notes
        .where("[conversationId+createdAt]")
        .between(...inThread)
        .toArray(),
      db.activities
        .where("[conversationId+createdAt]")
        .between(...inThread)
        .toArray(),
      db.outbox.where("conversationId").equals(conversationId).toArray(),
      db.users.toArray(),
      db.templates.toArray(),
    ] as const);
    const conversation = parts[0];
    const [contact, inbox] = conversation
      ? await Promise.all([db.contacts.get(conversation.contactId), db.inboxes.get(conversation.inboxId)])
      : [undefined, undefined];
    return [...parts, contact, inbox] as const;
  });
  const seen = contact ? await ctx.records.lastSeen(contact.phoneNumber) : null;
  if (!thread && engine.current()) void engine.threads.ensure(conversationId);
  const state = engine.threads.state(conversationId);
  return {
    conversationId,
    conversation: row ? fromConversationRow(row) : null,
    contact: contact ? stripSeq(contact) : null,
    inbox: inbox ?? null,
    messages: messages.map(stripSeq).sort(byTime),
    notes: notes.map(stripSeq).sort(byTime),
    activities: activities.sort(byTime),
    outbox: outbox.map(fromOutboxRow).sort(byTime),
    presence: engine.presence.list(conversationId),
    crmRecord: seen ? { url: seen.url, name: seen.name ?? null, source: seen.source ?? "generic" } : null,
    users,
    templates: templates.map(stripSeq).filter((t) => !t.inboxId || t.inboxId === row?.inboxId),
    loading: state.loading || (!thread && !state.error && !!engine.current()),
    hasMore: thread?.hasMore ?? false,
    error: state.error,
  };
}
