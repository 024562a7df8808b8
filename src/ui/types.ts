// The plain data the shared components take. Containers map the client's snapshots onto these, so a
// component never knows where its data came from (worker port, test fixture or benchmark).
import type { Activity } from "../protocol/api";
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../protocol/entities";
import type { Presence } from "../protocol/stream";

export type ConnectionState = "live" | "polling" | "offline" | "signed_out" | "server_down";

export interface SessionInfo {
  me: User | null;
  connection: ConnectionState;
  /** Why the connection is not live, in words ("Server did not answer"). */
  reason?: string | null;
}

export interface InboxData {
  conversations: Conversation[];
  /** By id, as the worker's inbox snapshot carries them. */
  contacts: Record<string, Contact>;
  users: User[];
  inboxes: Inbox[];
  templates: Template[];
}

/** A send or note the worker has not had acknowledged yet (or that failed before reaching the server). */
export interface OutboxItem {
  /** The client id of the send. */
  id: string;
  conversationId: string | null;
  kind: "message" | "note";
  body: string;
  createdAt: string;
  state: "pending" | "failed";
  error: string | null;
}

export interface ThreadData {
  conversation: Conversation;
  contact: Contact;
  messages: Message[];
  notes: Note[];
  activities: Activity[];
  outbox: OutboxItem[];
  presence: Presence[];
  /** Whether older history exists beyond what is loaded. */
  hasMore: boolean;
}

export interface ConversationPatch {
  status?: Conversation["status"];
  assigneeId?: string | null;
  snoozedUntil?: string | null;
}

/** What a thread view can ask for; containers turn these into client commands. */
export interface ThreadActions {
  send(body: string): void;
  addNote(body: string): void;
  retry(outboxId: string): void;
  discard(outboxId: string): void;
  update(patch: ConversationPatch): void;
  loadOlder(): void;
  setPresence(state: "viewing" | "typing" | "idle"): void;
}
