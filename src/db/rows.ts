// What the cache stores: the wire entities plus a few fields the worker derives for its indexes.
// `seq` is the feed position the row reflects (0 when it came from a REST answer with no feed position).
import type { Activity } from "../protocol/api";
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../protocol/entities";
import type { OutboxItem } from "../protocol/messages";

export type Versioned<T> = T & { seq: number };

export interface ConversationRow extends Versioned<Conversation> {
  /** lastMessageAt, or createdAt for a thread without messages: IndexedDB does not index null. */
  sortAt: string;
  /** 1 when the signed-in user should look at it (what the badge counts); numbers because booleans are not keys. */
  attention: 0 | 1;
  /** assigneeId, or "unassigned". */
  assigneeKey: string;
}
export type ContactRow = Versioned<Contact>;
export type MessageRow = Versioned<Message>;
export type NoteRow = Versioned<Note>;
export type TemplateRow = Versioned<Template>;
export type ActivityRow = Activity;
export type UserRow = User;
export type InboxRow = Inbox;

/** How much of a conversation's history the cache holds (written when its thread was first opened). */
export interface ThreadRow {
  conversationId: string;
  hasMore: boolean;
  /** createdAt of the oldest message or note held: the `before` of the next older page. */
  oldestAt: string | null;
  loadedAt: string;
}

export interface OutboxRow extends OutboxItem {
  /** Epoch ms before which a transient failure is not retried. */
  nextAttemptAt: number;
}

/**
 * A send kept for its author while they are signed out (sign-out, expiry, another user signing in): it is
 * not in `outbox`, so no view shows it and no other user's engine sends it. Back in `outbox` when the same
 * user signs in to the same server again, with the same clientId (the server dedupes, so never twice).
 */
export interface ParkedOutboxRow extends OutboxRow {
  /** Whose it is: outboxOwner(session). */
  owner: string;
  /** Who to name in "2 texts wait to be sent after you sign in". */
  email: string;
  serverUrl: string;
}

/** Where a phone number was last seen on a CRM record ("Open in CRM", notification clicks). */
export interface CrmLinkRow {
  e164: string;
  tabId: number;
  /** The record's own URL, hash included (hash-routed CRMs). */
  url: string;
  name: string | null;
  source: string;
  at: string;
}

export interface Session {
  serverUrl: string;
  token: string;
  user: User;
}

export interface MetaValues {
  /** Feed position the cache reflects. Absent: no complete bootstrap yet. */
  cursor: number;
  session: Session;
  /** Why the extension is signed out (shown on the options page). */
  signedOut: { reason: string; at: string };
}
export type MetaKey = keyof MetaValues;
export interface MetaRow {
  key: MetaKey;
  value: unknown;
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : 0);

/** Unread for `meId`: an inbound message later than their read position. */
function isUnreadFor(conversation: Conversation, meId: string): boolean {
  return time(conversation.lastInboundAt) > time(conversation.readBy[meId]);
}

/** Needs attention: unread for me, and assigned to me or to nobody. */
export function needsAttention(conversation: Conversation, meId: string): boolean {
  const mineOrOpen = conversation.assigneeId === meId || conversation.assigneeId === null;
  return mineOrOpen && isUnreadFor(conversation, meId);
}

export function toConversationRow(conversation: Conversation, seq: number, meId: string): ConversationRow {
  return {
    ...conversation,
    seq,
    sortAt: conversation.lastMessageAt ?? conversation.createdAt,
    attention: needsAttention(conversation, meId) ? 1 : 0,
    assigneeKey: conversation.assigneeId ?? "unassigned",
  };
}

export function fromConversationRow(row: ConversationRow): Conversation {
  const { seq: _s, sortAt: _t, attention: _a, assigneeKey: _k, ...conversation } = row;
  return conversation;
}

export function stripSeq<T extends { seq: number }>(row: T): Omit<T, "seq"> {
  const { seq: _s, ...rest } = row;
  return rest;
}

export function fromOutboxRow(row: OutboxRow): OutboxItem {
  const { nextAttemptAt: _n, ...item } = row;
  return item;
}
