// The plain data the shared components take, each derived from the worker's snapshots (src/protocol), so a
// component never knows where its data came from (worker port, test fixture or benchmark).
import type { ReactNode } from "react";
import type { ConversationPatch } from "../../protocol/api";
import type { Contact, Conversation } from "../../protocol/entities";
import type { InboxSnapshot, SessionSnapshot, ThreadSnapshot } from "../../protocol/snapshots";

/** Who is signed in and how the worker reaches the server. */
export type SessionInfo = Pick<SessionSnapshot, "user" | "connection">;

export type InboxData = Pick<InboxSnapshot, "conversations" | "contacts" | "users" | "inboxes" | "templates">;

/** A thread the rep may see: the snapshot once its conversation and contact are known. */
export type ThreadData = Pick<ThreadSnapshot, "messages" | "notes" | "activities" | "outbox" | "presence" | "hasMore"> & {
  conversation: Conversation;
  contact: Contact;
};

/** The thread snapshot as ThreadData, or null while (or when) its conversation is not known. */
export function threadDataOf(s: ThreadSnapshot): ThreadData | null {
  const { conversation, contact } = s;
  return conversation && contact ? { ...s, conversation, contact } : null;
}

/** What a thread view can ask for; containers turn these into client commands. */
export interface ThreadActions {
  /** `mediaIds`: files uploaded with POST /v1/media (the web app's composer), sent as an MMS. */
  send(body: string, mediaIds?: string[]): void;
  addNote(body: string): void;
  retry(outboxId: string): void;
  discard(outboxId: string): void;
  update(patch: ConversationPatch): void;
  loadOlder(): void;
  setPresence(state: "viewing" | "typing" | "idle"): void;
}

/** Files picked in the composer (the web app's): its attach control and thumbnails, and what they became. */
export interface ComposerAttachments {
  /** The attach button and the picked files' thumbnails, shown with the reply composer. */
  view: ReactNode;
  /** Uploaded files, sent with the next reply (which may then have no text). */
  mediaIds: string[];
  /** Uploads still running: the reply waits for them. */
  busy: boolean;
  clear(): void;
}
