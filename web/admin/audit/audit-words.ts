// An audit row in words: "resolved", "sent a text", "changed message retention". Types the console does not
// know yet show as they are (the trail grows with the server).
import type { AdminFieldChange, AuditRow } from "../../../src/protocol/audit";

const actions: Record<string, string> = {
  created: "created",
  assigned: "assigned",
  unassigned: "unassigned",
  opened: "opened",
  pending: "set to pending",
  snoozed: "snoozed",
  resolved: "resolved",
  reopened: "reopened",
  woke: "woke from snooze",
  read: "read",
  opted_out: "opted out",
  opted_in: "opted back in",
  updated: "changed",
  deactivated: "deactivated",
  reactivated: "reactivated",
  unlocked: "unlocked",
  transferred: "transferred",
};

const types: Record<string, string> = {
  "conversation.created": "started a conversation",
  "message.updated": "text status changed",
  "note.created": "wrote a note",
  "template.created": "created a template",
  "template.updated": "changed a template",
  "template.deleted": "deleted a template",
  "user.created": "joined",
  "workspace.updated": "changed workspace settings",
  "retention.updated": "changed message retention",
  "audit.exported": "exported the audit trail",
  "sla.breached": "passed its SLA target",
  "contact.event_recorded": "another app recorded an event",
  "audit.inbox.created": "created an inbox",
  "audit.inbox.updated": "changed an inbox's settings",
  "audit.member.added": "added a member to an inbox",
  "audit.member.removed": "removed a member from an inbox",
  "audit.region.created": "created a region",
  "audit.location.created": "created a location",
  "audit.location.updated": "changed a location",
  "audit.staff_roles.updated": "changed a teammate's staff roles",
  "audit.rule.created": "created an automation rule",
  "audit.rule.updated": "changed an automation rule",
  "audit.rule.deleted": "deleted an automation rule",
  "audit.business_hours.updated": "changed an inbox's business hours",
  "audit.rule_pack.created": "created an HQ rule pack",
  "audit.rule_pack.updated": "pushed a new version of an HQ rule pack",
  "audit.sla.updated": "changed an inbox's SLA target",
  "audit.webhook.created": "added a webhook",
  "audit.webhook.updated": "changed a webhook",
  "audit.webhook.deleted": "removed a webhook",
  "audit.api_key.created": "created an API key",
  "audit.api_key.revoked": "revoked an API key",
  "audit.hook_source.created": "made a catch-hook URL",
  "audit.hook_source.deleted": "removed a catch-hook URL",
  "audit.crm.connected": "connected a CRM",
  "audit.crm.updated": "changed a CRM connection",
  "audit.crm.disconnected": "disconnected a CRM",
  "audit.ai_settings.updated": "changed AI settings",
  "audit.invite.created": "invited a teammate",
  "audit.invite.revoked": "revoked an invite",
  "audit.workspace.updated": "changed workspace settings",
  "audit.retention.updated": "changed message retention",
  "audit.user.updated": "changed a teammate",
  "audit.brand_template.created": "wrote a brand template",
  "audit.brand_template.updated": "pushed a new version of a brand template",
  "audit.brand_slots.updated": "filled a brand template's slots",
};

const noteWords: Record<NonNullable<AdminFieldChange["note"]>, string> = { set: "set", rotated: "rotated", replaced: "replaced", removed: "removed" };
const shown = (v: unknown) => (v === null || v === undefined || v === "" ? "(none)" : typeof v === "string" ? `“${v}”` : JSON.stringify(v));

/** One changed field in words: `name: “Main” → “Front desk”`; a secret only as `credentials: replaced`. */
export function changeInWords(c: AdminFieldChange): string {
  if (c.note) return `${c.field}: ${noteWords[c.note]}`;
  if (!("from" in c)) return `${c.field}: ${shown(c.to)}`;
  if (!("to" in c)) return `${c.field}: was ${shown(c.from)}`;
  return `${c.field}: ${shown(c.from)} → ${shown(c.to)}`;
}

/** What happened, as a phrase after the actor's name. */
export function whatHappened(row: Pick<AuditRow, "type" | "action" | "target">): string {
  if (row.type === "message.created") return row.target.label.startsWith("Text from") ? "texted in" : "sent a text";
  if (types[row.type]) return types[row.type];
  const [entity] = row.type.split(".");
  if (row.action && actions[row.action]) return `${actions[row.action]} the ${entity}`;
  return row.type;
}

/** The event types the filter offers, in words. */
export const typeChoices: Array<{ value: string; label: string }> = [
  { value: "message.created", label: "Texts sent and received" },
  { value: "note.created", label: "Notes" },
  { value: "conversation.created,conversation.updated", label: "Conversation changes" },
  { value: "contact.updated", label: "Contact changes and opt-outs" },
  {
    value: "template.created,template.updated,template.deleted,audit.brand_template.created,audit.brand_template.updated,audit.brand_slots.updated",
    label: "Templates and brand templates",
  },
  { value: "user.created,user.updated,audit.user.updated", label: "Teammates" },
  { value: "workspace.updated,retention.updated,audit.workspace.updated,audit.retention.updated", label: "Settings" },
  {
    value: "audit.inbox.created,audit.inbox.updated,audit.member.added,audit.member.removed,audit.business_hours.updated,audit.sla.updated",
    label: "Inboxes and members",
  },
  { value: "audit.region.created,audit.location.created,audit.location.updated,audit.staff_roles.updated", label: "Locations and staff roles" },
  { value: "audit.rule.created,audit.rule.updated,audit.rule.deleted,audit.rule_pack.created,audit.rule_pack.updated", label: "Automation rules and packs" },
  {
    value:
      "audit.webhook.created,audit.webhook.updated,audit.webhook.deleted,audit.api_key.created,audit.api_key.revoked,audit.hook_source.created,audit.hook_source.deleted",
    label: "Webhooks, API keys and catch hooks",
  },
  { value: "audit.crm.connected,audit.crm.updated,audit.crm.disconnected,audit.ai_settings.updated", label: "CRM and AI settings" },
  { value: "audit.invite.created,audit.invite.revoked", label: "Invites" },
  { value: "audit.exported", label: "Audit exports" },
];
