// The entities every part of Sidetext shares: the server writes them, the API and events carry them whole,
// the extension caches them. One schema each, so a field added here reaches all three.
import { z } from "zod";

export const isoTime = z.string().datetime({ offset: true });
/** Phone numbers travel in E.164 only; raw input is normalised at the boundary (src/core/phone). */
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number such as +12125550199");

export const roles = ["owner", "admin", "agent"] as const;
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
});
export type User = z.infer<typeof User>;

export const carriers = ["simulator", "twilio", "telnyx"] as const;
export const Inbox = z.object({
  id: z.string(),
  name: z.string(),
  phoneNumber: e164,
  carrier: z.enum(carriers),
  helpText: z.string(),
  memberIds: z.array(z.string()),
  /** The location it belongs to (issue 18); "loc_main" in a workspace without locations. */
  locationId: z.string(),
  /** Its location's name, for the location switcher (absent from servers before issue 18). */
  locationName: z.string().optional(),
  createdAt: isoTime,
});
export type Inbox = z.infer<typeof Inbox>;

export const Contact = z.object({
  id: z.string(),
  phoneNumber: e164,
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  /** Labels the team gives the contact ("vip", "wholesale"), lowercase; filterable in the inbox list. */
  tags: z.array(z.string()).optional(),
  optedOutAt: isoTime.nullable(),
  /** The inbound message that opted the contact out (STOP and friends), or null when set otherwise. */
  optOutMessageId: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Contact = z.infer<typeof Contact>;

export const conversationStatuses = ["open", "pending", "snoozed", "resolved"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export const Conversation = z.object({
  id: z.string(),
  inboxId: z.string(),
  contactId: z.string(),
  status: z.enum(conversationStatuses),
  assigneeId: z.string().nullable(),
  snoozedUntil: isoTime.nullable(),
  lastMessageAt: isoTime.nullable(),
  /** Time of the last inbound message: unread for a user when later than their read position. */
  lastInboundAt: isoTime.nullable(),
  preview: z.string(),
  /** Per-user read position (userId → time read up to). Shared, so teammates see who has read. */
  readBy: z.record(z.string(), isoTime),
  /**
   * Sent time of the latest outbound text that failed or went undelivered; null once a later one got
   * through. Absent in events stored before it existed: read as null.
   */
  lastDeliveryFailureAt: isoTime.nullable().default(null),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Conversation = z.infer<typeof Conversation>;

const messageDirections = ["inbound", "outbound"] as const;
/** `received` is the status of every inbound message; the rest are the outbound lifecycle. */
export const messageStatuses = ["received", "queued", "sending", "sent", "delivered", "undelivered", "failed"] as const;
export type MessageStatus = (typeof messageStatuses)[number];
/**
 * A file a text carries. `id` is set when the server keeps a copy (an upload, or a customer's MMS fetched from
 * the carrier): then `url` is a signed link that expires, and `GET /v1/media/:id` gives a fresh one.
 */
export const Media = z.object({
  url: z.string(),
  contentType: z.string().nullable(),
  id: z.string().optional(),
  size: z.number().int().optional(),
  fileName: z.string().nullable().optional(),
});
export type Media = z.infer<typeof Media>;
export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  inboxId: z.string(),
  contactId: z.string(),
  direction: z.enum(messageDirections),
  body: z.string(),
  media: z.array(Media),
  status: z.enum(messageStatuses),
  errorCode: z.string().nullable(),
  /** A sentence a rep can act on ("The number is a landline"), set with errorCode. */
  errorReason: z.string().nullable(),
  carrierMessageId: z.string().nullable(),
  authorId: z.string().nullable(),
  clientId: z.string().nullable(),
  /** Set when a sent message has had no delivery receipt for too long: the carrier may have filtered it. */
  deliveryOverdue: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Message = z.infer<typeof Message>;

export const Note = z.object({
  id: z.string(),
  conversationId: z.string(),
  inboxId: z.string(),
  authorId: z.string(),
  body: z.string(),
  mentions: z.array(z.string()),
  createdAt: isoTime,
});
export type Note = z.infer<typeof Note>;

export const Template = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  inboxId: z.string().nullable(),
  shortcut: z.string().nullable(),
  /** Stored media the template attaches ("approved templates and media"); absent in events stored before it. */
  media: z.array(Media).default([]),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Template = z.infer<typeof Template>;
