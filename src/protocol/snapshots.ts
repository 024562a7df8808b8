// What the worker pushes for each topic (src/protocol/messages.ts: Topic, TopicData). Types only, so the
// views that import them never bundle the zod schemas.
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "./entities";
import type { Activity } from "./api";
import type { CommandError, ConnectionState, Settings } from "./messages";
import type { CrmPhone, CrmRecord } from "./record";
import type { Presence } from "./stream";

export interface CrmRecordLink {
  url: string;
  name: string | null;
  source: CrmRecord["source"];
}

export interface OutboxItem {
  clientId: string;
  kind: "reply" | "start";
  /** Null for a new thread until the server answers. */
  conversationId: string | null;
  inboxId: string;
  to: string | null;
  body: string;
  mediaUrls: string[];
  /** Files uploaded with POST /v1/media, sent with it (absent on sends from before). */
  mediaIds?: string[];
  state: "sending" | "failed";
  error: CommandError | null;
  attempts: number;
  createdAt: string;
}

/** Unsent texts of a signed-out account on this profile: they go out when it signs in here again. */
export interface WaitingToSend {
  serverUrl: string;
  email: string;
  count: number;
}

export interface SessionSnapshot {
  user: User | null;
  serverUrl: string | null;
  connection: ConnectionState;
  settings: Settings;
  /** While signed out: texts waiting for their authors to sign in again (empty, or absent, otherwise). */
  waitingToSend?: WaitingToSend[];
}
export interface InboxSnapshot {
  me: User | null;
  conversations: Conversation[];
  /** By id: the contacts of `conversations`. */
  contacts: Record<string, Contact>;
  users: User[];
  inboxes: Inbox[];
  templates: Template[];
  /** Unsent and failed sends, oldest first. */
  outbox: OutboxItem[];
  /** Conversations matching the filter (before the limit). */
  total: number;
  /** What the badge shows. */
  needsAttention: number;
  /** Teammates viewing or typing, by conversation id (listed conversations only, never me). */
  presence: Record<string, Presence[]>;
}
export interface ThreadSnapshot {
  conversationId: string;
  conversation: Conversation | null;
  contact: Contact | null;
  inbox: Inbox | null;
  /** Oldest first. */
  messages: Message[];
  notes: Note[];
  activities: Activity[];
  /** Sends of this thread not yet confirmed by the server ("sending") or refused ("failed"). */
  outbox: OutboxItem[];
  /** Teammates viewing or typing in this thread (never me). */
  presence: Presence[];
  /** The CRM record the contact's number was last seen on ("Open in CRM"), if any. */
  crmRecord: CrmRecordLink | null;
  users: User[];
  templates: Template[];
  loading: boolean;
  hasMore: boolean;
  error: CommandError | null;
}
export interface PhoneSnapshot {
  e164: string;
  contact: Contact | null;
  conversations: Conversation[];
  inboxes: Inbox[];
  status: "loading" | "ready" | "error";
  error: CommandError | null;
}
export interface RecordSnapshot {
  tabId: number | null;
  record: CrmRecord | null;
  /** A number the rep gave for this record (typed, picked on the page, context menu), newest pick. */
  picked?: { phone: CrmPhone; at: string } | null;
  /** By E.164: when the newest cached conversation with each of the record's numbers last moved. */
  lastMessageAt?: Record<string, string>;
}
