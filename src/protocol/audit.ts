// The audit trail (issue 18): the feed read as "who did what, when, on which conversation/contact/setting",
// its exports (a job that writes CSV and JSON Lines files plus a manifest with each file's SHA-256), and how
// long message bodies are kept. Owners and organisation admins only. Requests are strict, as in api.ts.
import { z } from "zod";
import { isoTime } from "./entities";

/**
 * One changed field of an administrative change. A secret (carrier credentials, API keys, webhook secrets, AI
 * keys) never has `from`/`to`, only a `note` such as "rotated": the trail must not become a copy of them.
 */
const AdminFieldChange = z.object({
  field: z.string(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  note: z.enum(["set", "rotated", "replaced", "removed"]).optional(),
});
export type AdminFieldChange = z.infer<typeof AdminFieldChange>;

/** An administrative change (inbox, member, location, rule, webhook, API key, CRM, AI, invite): on the audit trail only. */
export const AdminChange = z.object({
  /** The changed thing's id. */
  id: z.string(),
  /** It in words, at the time: "Inbox “Downtown”", "Lars Berg in Inbox “Downtown”". */
  label: z.string(),
  /** The inbox it belongs to, when one: the trail's location filter follows it. */
  inboxId: z.string().nullable(),
  changes: z.array(AdminFieldChange),
});
export type AdminChange = z.infer<typeof AdminChange>;

export const adminChangeTypes = [
  "audit.inbox.created",
  "audit.inbox.updated",
  "audit.member.added",
  "audit.member.removed",
  "audit.region.created",
  "audit.location.created",
  "audit.location.updated",
  "audit.staff_roles.updated",
  "audit.rule.created",
  "audit.rule.updated",
  "audit.rule.deleted",
  "audit.business_hours.updated",
  "audit.rule_pack.created",
  "audit.rule_pack.updated",
  "audit.sla.updated",
  "audit.webhook.created",
  "audit.webhook.updated",
  "audit.webhook.deleted",
  "audit.api_key.created",
  "audit.api_key.revoked",
  "audit.hook_source.created",
  "audit.hook_source.deleted",
  "audit.crm.connected",
  "audit.crm.updated",
  "audit.crm.disconnected",
  "audit.ai_settings.updated",
  "audit.invite.created",
  "audit.invite.revoked",
  "audit.workspace.updated",
  "audit.retention.updated",
  "audit.user.updated",
  "audit.brand_template.created",
  "audit.brand_template.updated",
  "audit.brand_slots.updated",
] as const;
export type AdminChangeType = (typeof adminChangeTypes)[number];

/** What an audit row is about. */
const targetKinds = ["conversation", "message", "note", "contact", "template", "user", "setting", "export"] as const;

export const AuditRow = z.object({
  /** The event's row id: stable, and the order of writes within one instant. */
  id: z.string(),
  at: isoTime,
  type: z.string(),
  action: z.string().nullable(),
  /** Null: the customer, a carrier or the server's own timers. */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  location: z.object({ id: z.string(), name: z.string() }).nullable(),
  inbox: z.object({ id: z.string(), name: z.string() }).nullable(),
  conversationId: z.string().nullable(),
  contact: z.object({ id: z.string(), label: z.string() }).nullable(),
  target: z.object({ kind: z.enum(targetKinds), id: z.string(), label: z.string() }),
  /** A message's or note's text; null when the event has none or retention removed it (`redacted`). */
  body: z.string().nullable(),
  redacted: z.boolean(),
  /** An administrative change's fields (server/audit/admin-changes.ts); null for other events. */
  changes: z.array(AdminFieldChange).nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

/** `message.created`, or an administrative change's `audit.inbox.updated`. */
const eventTypePattern = /^[a-z_]+\.[a-z_]+(\.[a-z_]+)?$/;

const csvList = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.split(",").map((t) => t.trim()))
  .pipe(z.array(z.string().regex(eventTypePattern, "event types look like message.created")).max(20));

/** The filters the audit view and exports share. */
const filterFields = {
  actorId: z.string().min(1).max(64).optional(),
  locationId: z.string().min(1).max(64).optional(),
  conversationId: z.string().min(1).max(64).optional(),
  contactId: z.string().min(1).max(64).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);

export const AuditQuery = z
  .strictObject({
    ...filterFields,
    /** Comma-separated event types (`message.created,note.created`). */
    type: csvList.optional(),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, "not a cursor from this API")
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ rows: z.array(AuditRow), nextCursor: z.string().nullable() });

const exportFormats = ["csv", "jsonl"] as const;
export const AuditExportRequest = z
  .strictObject({
    ...filterFields,
    from: isoTime,
    to: isoTime,
    types: z.array(z.string().regex(eventTypePattern, "event types look like message.created")).max(20).optional(),
    formats: z.array(z.enum(exportFormats)).min(1).max(2).default(["csv", "jsonl"]),
  })
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] });
export type AuditExportRequest = z.infer<typeof AuditExportRequest>;

const ExportFile = z.object({
  name: z.string(),
  format: z.enum(exportFormats),
  rows: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const RetentionRule = z.object({ mode: z.enum(["keep", "delete", "redact"]), days: z.number().int().nullable() });

export const ExportManifest = z.object({
  exportId: z.string(),
  generatedAt: isoTime,
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  from: isoTime,
  to: isoTime,
  filters: z.record(z.string(), z.unknown()),
  /** The body retention the rows follow: bodies older than `cutoff` are left out (redact) or their events too (delete). */
  retention: RetentionRule.extend({ cutoff: isoTime.nullable() }),
  rows: z.number().int(),
  /** Rows per event type. */
  counts: z.record(z.string(), z.number().int()),
  files: z.array(ExportFile),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

export const AuditExport = z.object({
  id: z.string(),
  status: z.enum(["running", "done", "failed"]),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  /** Rows written so far and about how many there will be (while running, on the instance writing it). */
  progress: z.object({ rows: z.number().int(), total: z.number().int() }),
  manifest: ExportManifest.nullable(),
  error: z.string().nullable(),
  /** Once done: each file and the manifest by a link that works for a few minutes without signing in. */
  links: z.array(z.object({ name: z.string(), url: z.string() })),
});
export type AuditExport = z.infer<typeof AuditExport>;
export const AuditExportResponse = z.object({ export: AuditExport });

/** The feed event of a finished export: the export is itself on the audit trail, with its files' hashes. */
export const AuditExported = z.object({ id: z.string(), manifest: ExportManifest });

/** How long message bodies are kept: forever, deleted with their messages after N days, or blanked after N days. */
export const MessageRetention = RetentionRule.extend({ id: z.literal("retention"), updatedAt: isoTime.nullable() });
export type MessageRetention = z.infer<typeof MessageRetention>;
export const MessageRetentionResponse = z.object({ retention: MessageRetention });
export const MessageRetentionPut = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("keep") }),
  z.strictObject({ mode: z.literal("delete"), days: z.number().int().min(1, "keep bodies at least 1 day").max(36500) }),
  z.strictObject({ mode: z.literal("redact"), days: z.number().int().min(1, "keep bodies at least 1 day").max(36500) }),
]);
export type MessageRetentionPut = z.infer<typeof MessageRetentionPut>;
