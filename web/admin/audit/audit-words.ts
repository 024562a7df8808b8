// An audit row in words: "resolved", "sent a text", "changed message retention". Types the console does not
// know yet show as they are (the trail grows with the server).
import type { AuditRow } from "../../../src/protocol/audit";

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
};

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
  { value: "template.created,template.updated,template.deleted", label: "Templates" },
  { value: "user.created,user.updated", label: "Teammates" },
  { value: "workspace.updated,retention.updated", label: "Settings" },
  { value: "audit.exported", label: "Audit exports" },
];
