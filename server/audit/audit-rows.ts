// An event as an audit row: who did what, when, on which conversation, contact or setting — with message
// bodies as the retention setting allows (exports and the view show what the database will hold once the
// retention job has run, not only what it holds now).
import type { AdminFieldChange, AuditRow } from "../../src/protocol/audit";
import type { AuditEventRow } from "./audit.repository";

/** The retention rule at one moment: message events written before `cutoff` lose their bodies (or are left out). */
export interface RetentionCut {
  mode: "keep" | "delete" | "redact";
  cutoff: string | null;
}

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Whether retention removes this event altogether (the job deletes old messages and their events). */
export const deletedByRetention = (r: Pick<AuditEventRow, "type" | "createdAt">, cut: RetentionCut) =>
  cut.mode === "delete" && cut.cutoff !== null && r.type.startsWith("message.") && r.createdAt < cut.cutoff;

const bodyGone = (r: Pick<AuditEventRow, "type" | "createdAt">, cut: RetentionCut) => cut.mode !== "keep" && cut.cutoff !== null && r.createdAt < cut.cutoff;

/** The event's entity with what retention removes taken out: a message's text and media, a conversation's preview. */
export function retainedData(r: Pick<AuditEventRow, "type" | "createdAt">, data: Data, cut: RetentionCut): Data {
  if (!bodyGone(r, cut)) return data;
  if (r.type.startsWith("message.")) return { ...data, body: "", media: [] };
  if (r.type.startsWith("conversation.")) return { ...data, preview: "" };
  return data;
}

/** `message` of `message.created` (split would build an array a row). */
const entityOf = (type: string) => {
  const dot = type.indexOf(".");
  return dot === -1 ? type : type.slice(0, dot);
};

function targetOf(r: AuditEventRow, data: Data, contactLabel: string): AuditRow["target"] {
  const id = str(data.id);
  switch (entityOf(r.type)) {
    case "conversation":
      return { kind: "conversation", id, label: `Conversation with ${contactLabel}` };
    case "sla":
      return { kind: "conversation", id: r.conversationId ?? "", label: `Conversation with ${contactLabel}` };
    case "message":
      return { kind: "message", id, label: data.direction === "inbound" ? `Text from ${contactLabel}` : `Text to ${contactLabel}` };
    case "note":
      return { kind: "note", id, label: `Note on the conversation with ${contactLabel}` };
    case "contact":
      return { kind: "contact", id: r.contactId ?? id, label: contactLabel };
    case "template":
      return { kind: "template", id, label: `Template “${str(data.name)}”` };
    case "user":
      return { kind: "user", id, label: str(data.name) || id };
    case "audit": {
      if (r.type !== "audit.exported") return { kind: "setting", id, label: str(data.label) || r.type };
      const m = (data.manifest ?? {}) as Data;
      return { kind: "export", id, label: `Audit export ${str(m.from)} – ${str(m.to)}` };
    }
    case "retention":
      return { kind: "setting", id: "retention", label: "Message retention" };
    case "workspace":
      return { kind: "setting", id: "workspace", label: "Workspace settings" };
    default:
      return { kind: "setting", id: id || r.type, label: r.type };
  }
}

/**
 * The entity's id read off the front of its stored JSON, or null when the text does not start with a plain string
 * id: JSON.stringify writes an entity's keys in order and `id` comes first, and a string with no backslash is the
 * same text decoded. A conversation's or contact's row needs nothing else of it (no body, no changes).
 */
function leadingId(json: string): string | null {
  if (!json.startsWith('{"id":"')) return null;
  const end = json.indexOf('"', 7);
  const id = end === -1 ? "" : json.slice(7, end);
  return end === -1 || id.includes("\\") ? null : id;
}

/** Events whose row reads only the entity's id, when retention leaves their JSON as stored (a preview may go). */
const idOnly = (r: AuditEventRow, cut: RetentionCut) => r.type.startsWith("contact.") || (r.type.startsWith("conversation.") && !bodyGone(r, cut));

/** The row, with `data`: the entity as retention leaves it, as JSON (the stored text when retention took nothing out). */
export function toAuditRow(r: AuditEventRow, cut: RetentionCut): AuditRow & { data: string } {
  const id = idOnly(r, cut) ? leadingId(r.data) : null;
  // JSON.parse only when the row needs more than the id: it was an eighth of the export's time.
  const stored = id === null ? (JSON.parse(r.data) as Data) : { id };
  const data = retainedData(r, stored, cut);
  const contactId = r.contactId ?? r.conversationContactId;
  const name = r.contactId ? r.contactName : r.conversationContactName;
  const phone = r.contactId ? r.contactPhone : r.conversationContactPhone;
  const contactLabel = name ? `${name} (${phone})` : (phone ?? "a contact");
  const hasBody = r.type.startsWith("message.") || r.type === "note.created";
  const redacted = hasBody && r.type.startsWith("message.") && bodyGone(r, cut);
  return {
    id: String(r.seq),
    at: r.createdAt,
    type: r.type,
    action: r.action,
    actor: r.actorId ? { id: r.actorId, name: r.actorName ?? r.actorId } : null,
    location: r.locationId ? { id: r.locationId, name: r.locationName ?? r.locationId } : null,
    inbox: r.inboxId ? { id: r.inboxId, name: r.inboxName ?? r.inboxId } : null,
    conversationId: r.conversationId,
    contact: contactId ? { id: contactId, label: contactLabel } : null,
    target: targetOf(r, data, contactLabel),
    body: hasBody && !redacted ? str(data.body) : null,
    redacted,
    changes: r.type.startsWith("audit.") && Array.isArray(stored.changes) ? (stored.changes as AdminFieldChange[]) : null,
    data: data === stored ? r.data : JSON.stringify(data),
  };
}
