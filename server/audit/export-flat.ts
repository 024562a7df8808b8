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

/**
 * A flat page as one string, to cross threads: postMessage copies one string in ~1 ms, where it rebuilds a page of
 * 20,000 values in 11–20 ms (measured), which was most of the server's thread's time. Each value is a tag, and a
 * string's (or `changes`' JSON's) length and text: n = null, t / f = a boolean, s = a string, j = JSON.
 */
export function packPage(page: FlatPage): string {
  // Added up, not joined: a rope, which postMessage flattens once as it copies it.
  let out = "";
  for (const v of page) {
    if (v === null || v === undefined) out += "n";
    else if (typeof v === "boolean") out += v ? "t" : "f";
    else if (typeof v === "string") out += `s${v.length}:${v}`;
    else {
      const json = JSON.stringify(v);
      out += `j${json.length}:${json}`;
    }
  }
  return out;
}

const COLON = 58;
const ZERO = 48;

/** The page packPage packed. */
export function unpackPage(text: string): FlatPage {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const tag = text[i++];
    if (tag === "n") out.push(null);
    else if (tag === "t") out.push(true);
    else if (tag === "f") out.push(false);
    else {
      let length = 0;
      for (let c = text.charCodeAt(i++); c !== COLON; c = text.charCodeAt(i++)) length = length * 10 + (c - ZERO);
      const value = text.slice(i, i + length);
      i += length;
      out.push(tag === "s" ? value : JSON.parse(value));
    }
  }
  return out;
}
