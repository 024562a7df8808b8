// An export's page as one flat array, FIELDS values a row: what the CSV and the JSON Lines are both written from.
// Flat because pages cross threads (export-read-thread.ts reads and names them, the server's thread writes the
// files): copying a page of plain strings between threads costs a fraction of copying a thousand nested objects.
import type { AuditRow } from "../../src/protocol/audit";

/**
 * Per row: id, at, type, action, actor id, actor name, location id, location name, inbox id, inbox name,
 * conversationId, contact id, contact label, target kind, target id, target label, body, redacted, changes, data.
 * An absent actor, location, inbox or contact has null as its id.
 */
export const FIELDS = 20;
export type FlatPage = unknown[];

/** The rows flattened, each with `data`: its entity's JSON as retention leaves it. */
export function flatPage(rows: Array<AuditRow & { data: string }>): FlatPage {
  const out: unknown[] = new Array(rows.length * FIELDS);
  let i = 0;
  for (const r of rows) {
    out[i++] = r.id;
    out[i++] = r.at;
    out[i++] = r.type;
    out[i++] = r.action;
    out[i++] = r.actor ? r.actor.id : null;
    out[i++] = r.actor?.name ?? null;
    out[i++] = r.location ? r.location.id : null;
    out[i++] = r.location?.name ?? null;
    out[i++] = r.inbox ? r.inbox.id : null;
    out[i++] = r.inbox?.name ?? null;
    out[i++] = r.conversationId;
    out[i++] = r.contact ? r.contact.id : null;
    out[i++] = r.contact?.label ?? null;
    out[i++] = r.target.kind;
    out[i++] = r.target.id;
    out[i++] = r.target.label;
    out[i++] = r.body;
    out[i++] = r.redacted;
    out[i++] = r.changes;
    out[i++] = r.data;
  }
  return out;
}
