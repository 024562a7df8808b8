// What a message, note or resolved conversation looks like on the CRM record: direction and delivery status
// in words at the top (HubSpot has no field for either on a Communication), then the text itself.
import type { Executor } from "../../db/executor";
import type { Message, Note } from "../../../src/protocol/entities";
import { formatPhone } from "../../../src/core/phone";
import { toMessage } from "../../messages/messages.repository";
import { toNote } from "../../notes/notes.repository";
import type { CrmLogEntry } from "./crm-adapter";
import type { LinkedPerson } from "./crm-contact-sync";
import { transcriptRows } from "./crm.repository";

const TRANSCRIPT_LIMIT = 500;

function messageLine(m: Message, business: string, customer: string): string {
  const media = m.media.length ? ` [${m.media.length} attachment${m.media.length > 1 ? "s" : ""}]` : "";
  const reason = m.errorReason ? ` (${m.errorReason})` : "";
  return m.direction === "outbound"
    ? `Outgoing SMS from ${business} to ${customer}. Status: ${m.status}${reason}.\n\n${m.body}${media}`
    : `Incoming SMS from ${customer} to ${business}.\n\n${m.body}${media}`;
}

export function messageEntry(m: Message, numbers: { business: string; customer: string }, person: LinkedPerson): CrmLogEntry {
  return {
    kind: "message",
    direction: m.direction,
    subject: m.direction === "outbound" ? "Outgoing SMS" : "Incoming SMS",
    body: messageLine(m, formatPhone(numbers.business), formatPhone(numbers.customer)),
    occurredAt: m.createdAt,
    person,
  };
}

export function noteEntry(n: Note, authorName: string, person: LinkedPerson): CrmLogEntry {
  return { kind: "note", direction: null, subject: "Note", body: `Internal note by ${authorName} (Sidetext):\n\n${n.body}`, occurredAt: n.createdAt, person };
}

/** The whole conversation, oldest first, as one record (logged when it is resolved). */
export async function transcriptEntry(
  db: Executor,
  conversationId: string,
  numbers: { business: string; customer: string },
  person: LinkedPerson,
): Promise<CrmLogEntry> {
  const rows = await transcriptRows(db, conversationId, TRANSCRIPT_LIMIT);
  const messages = rows.messages.map(toMessage);
  const notes = rows.notes.map(toNote);
  const business = formatPhone(numbers.business);
  const customer = formatPhone(numbers.customer);
  const lines = [
    ...messages.map((m) => ({ at: m.createdAt, text: `${m.direction === "outbound" ? `→ ${business}` : `← ${customer}`} (${m.status}): ${m.body}` })),
    ...notes.map((n) => ({ at: n.createdAt, text: `✎ note: ${n.body}` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    kind: "transcript",
    direction: null,
    subject: "SMS conversation",
    body: `SMS conversation between ${customer} and ${business}, resolved in Sidetext.\n\n${lines.map((l) => `[${l.at}] ${l.text}`).join("\n")}`,
    occurredAt: lines.at(-1)?.at ?? new Date().toISOString(),
    person,
  };
}
