// Maps the worker's snapshots (src/protocol/messages) onto the plain shapes the components take.
import type { InboxSnapshot, OutboxItem as WorkerOutboxItem, SessionSnapshot, ThreadSnapshot } from "../protocol/messages";
import type { InboxData, OutboxItem, SessionInfo, ThreadData } from "./types";

export function toSessionInfo(s: SessionSnapshot | undefined): SessionInfo | null {
  if (!s) return null;
  return { me: s.user, connection: s.connection.state, reason: s.connection.reason };
}

export function toOutboxItem(o: WorkerOutboxItem): OutboxItem {
  return {
    id: o.clientId,
    conversationId: o.conversationId,
    kind: "message",
    body: o.body,
    createdAt: o.createdAt,
    state: o.state === "failed" ? "failed" : "pending",
    error: o.error?.message ?? null,
  };
}

export function toInboxData(s: InboxSnapshot): InboxData {
  return { conversations: s.conversations, contacts: s.contacts, users: s.users, inboxes: s.inboxes, templates: s.templates };
}

/** Conversations with a send that failed and is waiting for Retry or Discard. */
/** Conversations to mark "Failed": the server says a text did not get through, or a send of mine was refused. */
export function failedConversationIds(s: InboxSnapshot): Set<string> {
  const ids = new Set(s.outbox.filter((o) => o.state === "failed" && o.conversationId).map((o) => o.conversationId!));
  for (const c of s.conversations) if (c.lastDeliveryFailureAt) ids.add(c.id);
  return ids;
}

export function toThreadData(s: ThreadSnapshot): ThreadData | null {
  if (!s.conversation || !s.contact) return null;
  return {
    conversation: s.conversation,
    contact: s.contact,
    messages: s.messages,
    notes: s.notes,
    activities: s.activities,
    outbox: s.outbox.map(toOutboxItem),
    presence: s.presence,
    hasMore: s.hasMore,
  };
}
