// Table types for Kysely. JSON columns are text, parsed in the repositories' row mappers.
import type { ColumnType, Generated } from "kysely";
import type { JobColumns } from "./job-columns";
import type { PushTables } from "../push/push.schema";
import type { LocationTables } from "../locations/locations.schema";

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  createdAt: string;
  /** 060: set while the teammate may not sign in. */
  deactivatedAt: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ApiTokenTable {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** 010: the session's public id, the device's user agent, last use and idle timeout (null: none). */
  id: string;
  userAgent: string | null;
  lastUsedAt: string;
  idleTimeoutMs: number | null;
}
/** 011: recent failed sign-ins of an account, and until when it is locked. */
export interface LoginFailureTable {
  userId: string;
  failures: number;
  firstFailureAt: string;
  lockedUntil: string | null;
}
export interface InboxTable {
  id: string;
  name: string;
  phoneNumber: string;
  carrier: string;
  helpText: string;
  credentialsEncrypted: string | null;
  createdAt: string;
  /** 160: the location it belongs to ("loc_main", the default location, for inboxes from before). */
  locationId: ColumnType<string, string | undefined, string>;
}
export interface InboxMemberTable {
  inboxId: string;
  userId: string;
}
export interface ContactTable {
  /** 190: JSON array of the contact's tags; contactTag has one row per tag, for filtering. */
  tags: ColumnType<string, string | undefined, string>;
  id: string;
  phoneNumber: string;
  name: string | null;
  attributes: string;
  optedOutAt: string | null;
  optOutMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  /** 180: the language of the contact's latest reliably detected text (server/ai/record-language.ts). */
  language?: string | null;
}
export interface ContactTagTable {
  contactId: string;
  tag: string;
  createdAt: string;
}
export interface ConversationTable {
  id: string;
  inboxId: string;
  contactId: string;
  status: string;
  assigneeId: string | null;
  snoozedUntil: string | null;
  lastMessageAt: string | null;
  lastInboundAt: string | null;
  preview: string;
  readBy: string;
  createdAt: string;
  updatedAt: string;
  /** 004: null on rows written before it (and on SQLite inserts that leave it out). */
  lastDeliveryFailureAt: string | null;
}
export interface MessageTable {
  id: string;
  conversationId: string;
  inboxId: string;
  contactId: string;
  direction: string;
  body: string;
  media: string;
  status: string;
  errorCode: string | null;
  errorReason: string | null;
  carrierMessageId: string | null;
  authorId: string | null;
  clientId: string | null;
  deliveryOverdue: number;
  /** Outbound send bookkeeping (never in the API): attempts so far and when the next may run. */
  sendAttempts: number;
  nextAttemptAt: string | null;
  /** The instance (cluster instanceId) that took it for sending; null on SQLite. */
  claimedBy: string | null;
  /** When the first attempt whose outcome is unknown began (5xx or timeout): look it up before sending again. */
  uncertainSince: string | null;
  createdAt: string;
  updatedAt: string;
  /** 180: an inbound text's detected language (ISO 639-1), null when too short or unclear. */
  language?: string | null;
}
export interface NoteTable {
  id: string;
  conversationId: string;
  inboxId: string;
  authorId: string;
  body: string;
  mentions: string;
  createdAt: string;
}
export interface TemplateTable {
  id: string;
  name: string;
  body: string;
  inboxId: string | null;
  shortcut: string | null;
  /** 070: JSON array of Media, like message.media. */
  media: Generated<string>;
  createdAt: string;
  updatedAt: string;
}
/** 070: an uploaded file or a customer's MMS file; its bytes are in the media storage (server/media). */
export interface MediaTable {
  id: string;
  contentType: string;
  size: number;
  fileName: string | null;
  storageKey: string;
  uploadedBy: string | null;
  inboxId: string | null;
  createdAt: string;
}
export interface EventTable {
  seq: Generated<number>;
  type: string;
  action: string | null;
  actorId: string | null;
  /** Who may read it: members of inboxId; for contact events, whoever sees a conversation with contactId. */
  inboxId: string | null;
  contactId: string | null;
  conversationId: string | null;
  data: string;
  createdAt: string;
  /**
   * PostgreSQL only (migration 030): the feed position, given after commit by the sequencer; null until then.
   * On SQLite the feed position is `seq` itself (one writer, seq handed out in commit order).
   */
  pos: ColumnType<number | null, never, never>;
}
/** PostgreSQL only: one row; feed positions above `cutover` are dense (below it, history from before 030). */
export interface EventFeedTable {
  id: number;
  cutover: number;
}

/** 250: fetching a customer's MMS files from the carrier, after the webhook was answered (server/media/inbound-media-fetch.ts). */
export interface InboundMediaFetchTable extends JobColumns {
  id: string;
  inboxId: string;
  carrierMessageId: string;
}
/** 080: a link that lets someone become a user; only the token's hash is stored. */
export interface InviteTable {
  id: string;
  tokenHash: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedUserId: string | null;
  revokedAt: string | null;
}
/** 080: one row (id 1), made on first change; defaults in workspace/settings.repository.ts. */
export interface WorkspaceSettingsTable {
  id: number;
  defaultCountry: string;
  helpText: string;
  optOutText: string;
  hidePushPreview: number;
  updatedAt: string;
}

/** 260: how long message bodies are kept (one row, id 1; none: keep forever), and how far the job got. */
export interface MessageRetentionTable {
  id: number;
  mode: string;
  days: number | null;
  appliedBefore: string | null;
  updatedAt: string;
}
/** 260: an audit export: what was asked (JSON), its state, and its manifest (JSON) once written. */
export interface AuditExportTable {
  id: string;
  requestedBy: string;
  request: string;
  status: string;
  manifest: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
/** Every table; the push and location tables are typed beside their features. */
export interface Database extends PushTables, LocationTables {
  user: UserTable;
  apiToken: ApiTokenTable;
  loginFailure: LoginFailureTable;
  inbox: InboxTable;
  inboxMember: InboxMemberTable;
  contact: ContactTable;
  contactTag: ContactTagTable;
  conversation: ConversationTable;
  message: MessageTable;
  note: NoteTable;
  template: TemplateTable;
  event: EventTable;
  event_feed: EventFeedTable;
  media: MediaTable;
  inboundMediaFetch: InboundMediaFetchTable;
  messageRetention: MessageRetentionTable;
  auditExport: AuditExportTable;
  invite: InviteTable;
  workspaceSettings: WorkspaceSettingsTable;
}
