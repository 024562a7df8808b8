// Request and response bodies of Inbox API v1. Requests are strict: an unknown field is a 400, not ignored.
import { z } from "zod";
import { carriers, Contact, Conversation, conversationStatuses, Inbox, isoTime, Message, Note, Template, User } from "./entities";
import { SidetextEvent } from "./events";
import { Tag } from "./contact-tags";

const MAX_BODY_CHARS = 1600;
const id = z.string().min(1).max(100);
/** A text's words, which may be empty when it carries media (the send bodies check there is one or the other). */
const mediaCaption = z.string().trim().max(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`);
/** Idempotency key chosen by the client: the same key from the same user never sends twice. */
const clientId = z.string().min(1).max(100);

export const errorCodes = [
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
] as const;
export type ErrorCode = (typeof errorCodes)[number];
export const ErrorBody = z.object({
  error: z.object({ code: z.enum(errorCodes), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LoginBody = z.strictObject({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });
export const LoginResponse = z.object({ token: z.string(), user: User });
export const MeResponse = z.object({ user: User, inboxes: z.array(Inbox), locationIds: z.array(z.string()).optional() });

export const BootstrapQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20_000).optional() });
export const BootstrapResponse = z.object({
  cursor: z.number().int().nonnegative(),
  me: User,
  users: z.array(User),
  inboxes: z.array(Inbox),
  templates: z.array(Template),
  conversations: z.array(Conversation),
  contacts: z.array(Contact),
});
export type BootstrapResponse = z.infer<typeof BootstrapResponse>;

export const SyncQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const SyncResponse = z.object({ events: z.array(SidetextEvent), cursor: z.number().int().nonnegative(), hasMore: z.boolean() });
export type SyncResponse = z.infer<typeof SyncResponse>;

export const LookupQuery = z.strictObject({ phone: z.string().min(1).max(64), country: z.string().length(2).toUpperCase().optional() });
export const LookupResponse = z.object({ phone: z.string(), contact: Contact.nullable(), conversations: z.array(Conversation) });
export type LookupResponse = z.infer<typeof LookupResponse>;

export const ConversationListQuery = z.strictObject({
  inbox: id.optional(),
  status: z.enum(conversationStatuses).optional(),
  assignee: z.string().min(1).max(100).optional(), // "me" | "unassigned" | a user id
  q: z.string().max(200).optional(),
  /** Only conversations whose contact has this tag (contact-tags.ts). */
  tag: Tag.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const ConversationListResponse = z.object({
  conversations: z.array(Conversation),
  contacts: z.array(Contact),
  nextCursor: z.string().nullable(),
});
export const ConversationResponse = z.object({ conversation: Conversation, contact: Contact });

export const PatchConversationBody = z
  .strictObject({
    status: z.enum(conversationStatuses).optional(),
    assigneeId: z.string().min(1).max(100).nullable().optional(),
    snoozedUntil: isoTime.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "give at least one of status, assigneeId, snoozedUntil")
  .refine((b) => b.status !== "snoozed" || !!b.snoozedUntil, { message: "snoozing needs snoozedUntil", path: ["snoozedUntil"] });
/** A change of a conversation's status, assignee or snooze: the API's PATCH body, the worker's command, the views' update. */
export type ConversationPatch = z.infer<typeof PatchConversationBody>;

export const MessagesQuery = z.strictObject({
  before: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
/** One activity line of a timeline: an audited change of the conversation or its contact. */
export const Activity = z.object({
  seq: z.number().int(),
  conversationId: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  createdAt: isoTime,
});
export type Activity = z.infer<typeof Activity>;
export const MessagesResponse = z.object({
  messages: z.array(Message),
  notes: z.array(Note),
  activities: z.array(Activity),
  hasMore: z.boolean(),
});
export type MessagesResponse = z.infer<typeof MessagesResponse>;

/** Ids of files uploaded with POST /v1/media (or of media the user sees in a message or template). */
const mediaIds = z.array(id).max(10).optional();
/** A text needs words or a file: an MMS may be a photo alone. */
const withContent = { message: "must not be empty (write something or attach a file)", path: ["body"] };
const hasContent = (b: { body: string; mediaUrls?: string[]; mediaIds?: string[] }) =>
  b.body.length > 0 || (b.mediaUrls?.length ?? 0) + (b.mediaIds?.length ?? 0) > 0;
export const SendMessageBody = z
  .strictObject({
    body: mediaCaption,
    mediaUrls: z.array(z.string().url().max(2000)).max(10).optional(),
    mediaIds,
    clientId,
  })
  .refine(hasContent, withContent);
export const NewMessageBody = z
  .strictObject({
    inboxId: id,
    to: z.string().min(1).max(64),
    country: z.string().length(2).toUpperCase().optional(),
    body: mediaCaption,
    mediaUrls: z.array(z.string().url().max(2000)).max(10).optional(),
    mediaIds,
    clientId,
  })
  .refine(hasContent, withContent);
export const NewMessageResponse = z.object({ message: Message, conversation: Conversation, contact: Contact });

export const NoteBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });

export const TemplateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(MAX_BODY_CHARS),
  inboxId: id.nullable().optional(),
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[a-z0-9_-]+$/i, "letters, digits, - and _ only")
    .nullable()
    .optional(),
  mediaIds,
});
export const TemplatePatchBody = TemplateBody.partial().refine((b) => Object.keys(b).length > 0, "give at least one field");
export const TemplatesResponse = z.object({ templates: z.array(Template) });

export const InboxBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  phoneNumber: z.string().min(1).max(64),
  carrier: z.enum(carriers),
  helpText: z.string().max(MAX_BODY_CHARS).optional(),
  memberIds: z.array(id).optional(),
  credentials: z.record(z.string(), z.string()).optional(),
  /** Its location (issue 18); by default the one location its creator administers, else the default location. */
  locationId: id.optional(),
});
export const InboxPatchBody = InboxBody.omit({ carrier: true }).partial();

export const SimulatorInboundBody = z.strictObject({
  inboxId: id,
  from: z.string().min(1).max(64),
  body: z.string().max(MAX_BODY_CHARS),
  mediaUrls: z.array(z.string().url()).max(10).optional(),
  /** Files uploaded with POST /v1/media, as if the customer had sent them (a demo's photo from a customer). */
  mediaIds,
});

// Responses of single-entity endpoints, named for what they carry.
export const UsersResponse = z.object({ users: z.array(User) });
export const InboxesResponse = z.object({ inboxes: z.array(Inbox) });
export const InboxResponse = z.object({ inbox: Inbox });
export const SendMessageResponse = z.object({ message: Message });
export const NoteResponse = z.object({ note: Note });
export const TemplateResponse = z.object({ template: Template });
/** POST /v1/media and GET /v1/media/:id: the stored file, with a signed link (on PUBLIC_URL) that expires at `expiresAt`. */
export const MediaResponse = z.object({
  id: z.string(),
  url: z.string(),
  expiresAt: isoTime,
  contentType: z.string(),
  size: z.number().int(),
  fileName: z.string().nullable(),
});
/** Path parameter of every `/:id` route. */
export const IdParams = z.strictObject({ id: id });
