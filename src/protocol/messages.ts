// The typed contract between extension contexts. Views (popup, panel, options) and CRM content scripts send
// Commands to the worker with runtime.sendMessage and get a CommandResult back (a failure is a typed error,
// never undefined). Live data flows over a runtime.Port named PORT_NAME: the view subscribes to a Topic and
// the worker pushes a fresh snapshot whenever the cache behind it changes.
import { z } from "zod";
import { conversationStatuses, isoTime } from "./entities";
import type { Contact, Conversation, Note, User } from "./entities";
import { MAX_TAGS, Tag } from "./contact-tags";
import type { CrmLogAnswer } from "./crm";
import { pageCommands, type PageCommandData } from "./page-commands";
import { aiCommands, type AiCommandData } from "./ai-commands";
import { CrmRecord } from "./record";
import { scheduledCommands, type ScheduledCommandData } from "./scheduled-commands";
import { availabilityCommands, type AvailabilityCommandData } from "./availability";
import { slaCommands, type SlaCommandData } from "./sla-commands";
import { locationCommands, type LocationCommandData } from "./location-commands";
import { presenceStates } from "./stream";

export { PORT_NAME } from "./port";

export const Settings = z.object({
  /** Desktop notifications for new inbound messages on my or unassigned conversations. */
  notifications: z.boolean(),
  /** ISO country used to read numbers typed without a country code. */
  defaultCountry: z.string().length(2).toUpperCase(),
  /** Where the panel docks: inside the CRM page, or Chrome's own side panel (following the active tab). */
  dock: z.enum(["page", "sidepanel"]),
});
export type Settings = z.infer<typeof Settings>;
export const defaultSettings: Settings = { notifications: true, defaultCountry: "US", dock: "page" };

const id = z.string().min(1).max(100);
const text = z.string().trim().min(1, "must not be empty");

export const Command = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth.signIn"), serverUrl: z.string().url(), email: z.string().trim().min(1), password: z.string().min(1) }),
  z.object({ type: z.literal("auth.signOut") }),
  z
    .object({
      type: z.literal("conversation.send"),
      conversationId: id,
      body: z.string().trim(),
      mediaUrls: z.array(z.string().url()).max(10).optional(),
      /** Files uploaded with POST /v1/media (the web app's composer). */
      mediaIds: z.array(id).max(10).optional(),
    })
    // A photo may go without words; nothing at all may not.
    .refine((c) => c.body.length > 0 || (c.mediaUrls?.length ?? 0) + (c.mediaIds?.length ?? 0) > 0, { message: "must not be empty", path: ["body"] }),
  z
    .object({
      type: z.literal("message.start"),
      inboxId: id,
      to: z.string().min(1).max(64),
      body: z.string().trim(),
      /** Files uploaded with POST /v1/media (the web app's new-text form). */
      mediaIds: z.array(id).max(10).optional(),
    })
    .refine((c) => c.body.length > 0 || (c.mediaIds?.length ?? 0) > 0, { message: "must not be empty", path: ["body"] }),
  z.object({ type: z.literal("outbox.retry"), clientId: id }),
  z.object({ type: z.literal("outbox.discard"), clientId: id }),
  z.object({
    type: z.literal("conversation.update"),
    conversationId: id,
    status: z.enum(conversationStatuses).optional(),
    assigneeId: id.nullable().optional(),
    snoozedUntil: isoTime.nullable().optional(),
  }),
  z.object({ type: z.literal("conversation.read"), conversationId: id }),
  z.object({ type: z.literal("note.add"), conversationId: id, body: text }),
  z.object({ type: z.literal("thread.loadOlder"), conversationId: id }),
  z.object({ type: z.literal("presence.set"), conversationId: id, state: z.enum(presenceStates) }),
  /** From CRM content scripts: the record open in the sender's tab (kept per tab in storage.session). */
  /** `chosen`: the number whose "Text" button the rep clicked (the panel opens on it). */
  z.object({ type: z.literal("record.opened"), record: CrmRecord, chosen: z.string().min(2).max(20).optional() }),
  z.object({ type: z.literal("record.closed") }),
  /** From CRM content scripts: a one-time token for the panel iframe they mount (src/worker/panel-tokens.ts). */
  // `nonce`: the one in the panel iframe's URL (?channel=); the worker may answer that frame's page with the cached thread in it.
  z.object({ type: z.literal("panel.token"), nonce: z.string().min(16).max(64).optional() }),
  /** Conversations whose cached message text matches every word of `query` (the popup's search). */
  z.object({ type: z.literal("search"), query: z.string().min(1).max(200) }),
  /** The tags on cached contacts, most used first (the list's tag filter offers them). */
  z.object({ type: z.literal("tags.list") }),
  /** "Open in CRM": focus a tab on the record where this number was last seen, or open it. */
  z.object({ type: z.literal("crm.open"), e164: z.string().min(2).max(20) }),
  /** Where each message of a conversation stands in the connected CRMs ("Logged to HubSpot ✓"); asked of the server, not cached. */
  z.object({ type: z.literal("crm.logStatus"), conversationId: id }),
  z.object({ type: z.literal("crm.retryLog"), messageId: id }),
  /** Add or remove the contact's tags (PATCH /v1/contacts/:id/tags). */
  z.object({ type: z.literal("contact.tags"), contactId: id, add: z.array(Tag).max(MAX_TAGS).optional(), remove: z.array(Tag).max(MAX_TAGS).optional() }),
  z.object({ type: z.literal("settings.get") }),
  z.object({ type: z.literal("settings.update"), settings: Settings.partial() }),
  ...pageCommands,
  ...scheduledCommands,
  ...availabilityCommands,
  ...aiCommands,
  ...slaCommands,
  ...locationCommands,
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** What each command answers with when it succeeds. */
export interface CommandData extends PageCommandData, ScheduledCommandData, AvailabilityCommandData, AiCommandData, SlaCommandData, LocationCommandData {
  "auth.signIn": { user: User };
  "auth.signOut": null;
  "conversation.send": { clientId: string };
  "message.start": { clientId: string };
  "outbox.retry": null;
  "outbox.discard": null;
  "conversation.update": { conversation: Conversation };
  "conversation.read": null;
  "note.add": { note: Note };
  "thread.loadOlder": { hasMore: boolean };
  "presence.set": null;
  "record.opened": null;
  "record.closed": null;
  /** `shows`: the record whose cached thread the worker put in that frame's page (src/worker/panel-page.ts), if any. */
  "panel.token": { token: string; shows: { url: string; e164: string } | null };
  "crm.open": { opened: boolean };
  "crm.logStatus": CrmLogAnswer;
  "crm.retryLog": CrmLogAnswer;
  "contact.tags": { contact: Contact };
  search: { conversationIds: string[]; searchedConversations: number };
  "tags.list": { tags: string[] };
  "settings.get": Settings;
  "settings.update": Settings;
}

export const commandErrorCodes = [
  // From the server (see ErrorCode in ./api):
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "opted_out",
  "too_large",
  "rate_limited",
  "cursor_expired",
  "internal",
  // From the extension itself:
  "network",
  "invalid_response",
  "signed_out",
  "invalid_command",
  "no_tab",
  "permission_denied",
] as const;
export type CommandErrorCode = (typeof commandErrorCodes)[number];
export interface CommandError {
  code: CommandErrorCode;
  message: string;
  /** HTTP status when the server answered; 0 otherwise. */
  status: number;
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: CommandError };
export type CommandResult<T extends CommandType> = Result<CommandData[T]>;

// ---- Live data over the port ----

export const InboxFilter = z.object({
  status: z.enum(conversationStatuses).optional(),
  inboxId: id.optional(),
  /** "me", "unassigned" or a user id. */
  assignee: id.optional(),
  /** Only conversations that need my attention (what the badge counts). */
  attention: z.boolean().optional(),
  /** Only conversations whose contact has this tag (the list's tag filter; the server's ?tag=). */
  tag: Tag.optional(),
  /** Newest first; 200 unless given (the cache may hold thousands). */
  limit: z.number().int().min(1).max(5000).optional(),
});
export type InboxFilter = z.infer<typeof InboxFilter>;

export const Topic = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session") }),
  z.object({ type: z.literal("inbox"), filter: InboxFilter.optional() }),
  z.object({ type: z.literal("thread"), conversationId: id }),
  z.object({ type: z.literal("phone"), e164: z.string().min(2).max(20) }),
  /** The CRM record open in the subscribing port's own tab, or in `tabId` (Chrome's side panel follows the active tab). */
  z.object({ type: z.literal("record"), tabId: z.number().int().nonnegative().optional() }),
]);
export type Topic = z.infer<typeof Topic>;
export type TopicType = Topic["type"];

export const connectionStates = ["live", "polling", "offline", "signed_out"] as const;
export type ConnectionStateName = (typeof connectionStates)[number];
export interface ConnectionState {
  state: ConnectionStateName;
  /** Why, in words a rep understands ("Your session expired. Sign in again."); null when live. */
  reason: string | null;
  since: string;
}

import type { InboxSnapshot, PhoneSnapshot, RecordSnapshot, SessionSnapshot, ThreadSnapshot } from "./snapshots";
export type { CrmRecordLink, InboxSnapshot, OutboxItem, PhoneSnapshot, RecordSnapshot, SessionSnapshot, ThreadSnapshot } from "./snapshots";

export interface TopicData {
  session: SessionSnapshot;
  inbox: InboxSnapshot;
  thread: ThreadSnapshot;
  phone: PhoneSnapshot;
  record: RecordSnapshot;
}
export type TopicSnapshot<T extends Topic> = TopicData[T["type"]];

export type ViewFrame =
  | { type: "subscribe"; id: string; topic: Topic }
  | { type: "unsubscribe"; id: string }
  /** The CRM panel's first frame: the token its content script handed it (src/crm/panel-channel.ts). */
  | { type: "present"; token: string };
export type WorkerFrame = { type: "snapshot"; id: string; data: TopicData[TopicType] } | { type: "error"; id: string; error: CommandError };
