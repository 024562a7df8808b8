// The change feed: one append-only list with a gap-free `seq`. Every event carries the full current entity,
// so applying it is an upsert and applying it twice changes nothing.
import { z } from "zod";
import { SlaBreach } from "./analytics";
import { AdminChange, type AdminChangeType, AuditExported, MessageRetention } from "./audit";
import { ContactEvent } from "./contact-events";
import { Contact, Conversation, isoTime, Message, Note, Template, User } from "./entities";
import { WorkspaceSettings } from "./workspace";

/** What happened, for the timeline's activity lines and the audit trail. */
const eventActions = [
  "created",
  "assigned",
  "unassigned",
  "opened",
  "pending",
  "snoozed",
  "resolved",
  "reopened",
  "woke",
  "read",
  "opted_out",
  "opted_in",
  "updated",
  "deactivated",
  "reactivated",
  "unlocked",
  "transferred",
] as const;

const base = {
  seq: z.number().int().positive(),
  createdAt: isoTime,
  /** Who caused it; null for the customer, a carrier or the server's own timers. */
  actorId: z.string().nullable(),
  action: z.enum(eventActions).nullable(),
};

const adminChange = <T extends AdminChangeType>(type: T) => z.object({ ...base, type: z.literal(type), data: AdminChange });

export const SidetextEvent = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("conversation.created"), data: Conversation }),
  z.object({ ...base, type: z.literal("conversation.updated"), data: Conversation }),
  z.object({ ...base, type: z.literal("message.created"), data: Message }),
  z.object({ ...base, type: z.literal("message.updated"), data: Message }),
  z.object({ ...base, type: z.literal("note.created"), data: Note }),
  z.object({ ...base, type: z.literal("contact.updated"), data: Contact }),
  z.object({ ...base, type: z.literal("template.created"), data: Template }),
  z.object({ ...base, type: z.literal("template.updated"), data: Template }),
  z.object({ ...base, type: z.literal("template.deleted"), data: Template }),
  /** Someone joined through an invite link (server/invites). */
  z.object({ ...base, type: z.literal("user.created"), data: User }),
  /** A teammate's name or role changed, or an admin deactivated, reactivated or unlocked them (the action says which). */
  z.object({ ...base, type: z.literal("user.updated"), data: User }),
  z.object({ ...base, type: z.literal("workspace.updated"), data: WorkspaceSettings }),
  /** Another app reported something about a contact (POST /v1/events): on the contact's timeline. */
  z.object({ ...base, type: z.literal("contact.event_recorded"), data: ContactEvent }),
  /** A customer waited past the inbox's SLA target (server/analytics/sla-breaches.ts). */
  z.object({ ...base, type: z.literal("sla.breached"), data: SlaBreach }),
  /** An owner or admin exported the audit trail (server/audit): its range, counts and files' SHA-256. */
  z.object({ ...base, type: z.literal("audit.exported"), data: AuditExported }),
  /** How long message bodies are kept changed (server/audit/retention.ts). */
  z.object({ ...base, type: z.literal("retention.updated"), data: MessageRetention }),
  /** Administrative changes (server/audit/admin-changes.ts): on the audit trail, never in a client's feed or stream. */
  adminChange("audit.inbox.created"),
  adminChange("audit.inbox.updated"),
  adminChange("audit.member.added"),
  adminChange("audit.member.removed"),
  adminChange("audit.region.created"),
  adminChange("audit.location.created"),
  adminChange("audit.location.updated"),
  adminChange("audit.staff_roles.updated"),
  adminChange("audit.rule.created"),
  adminChange("audit.rule.updated"),
  adminChange("audit.rule.deleted"),
  adminChange("audit.business_hours.updated"),
  adminChange("audit.rule_pack.created"),
  adminChange("audit.rule_pack.updated"),
  adminChange("audit.sla.updated"),
  adminChange("audit.webhook.created"),
  adminChange("audit.webhook.updated"),
  adminChange("audit.webhook.deleted"),
  adminChange("audit.api_key.created"),
  adminChange("audit.api_key.revoked"),
  adminChange("audit.hook_source.created"),
  adminChange("audit.hook_source.deleted"),
  adminChange("audit.crm.connected"),
  adminChange("audit.crm.updated"),
  adminChange("audit.crm.disconnected"),
  adminChange("audit.ai_settings.updated"),
  adminChange("audit.invite.created"),
  adminChange("audit.invite.revoked"),
  adminChange("audit.workspace.updated"),
  adminChange("audit.retention.updated"),
  adminChange("audit.user.updated"),
  adminChange("audit.brand_template.created"),
  adminChange("audit.brand_template.updated"),
  adminChange("audit.brand_slots.updated"),
]);
export type SidetextEvent = z.infer<typeof SidetextEvent>;
export type EventType = SidetextEvent["type"];
export type EventOf<T extends EventType> = Extract<SidetextEvent, { type: T }>;
