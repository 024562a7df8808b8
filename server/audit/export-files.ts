// The files of an export: rows are written page by page as they come from the database (never the whole
// trail in memory), each file hashed (SHA-256) while it is written, so the manifest can name every file's
// hash before anyone downloads it. Files live in SIDETEXT_EXPORT_DIR (default: the OS temp folder), one folder
// per export, on the instance that wrote them.
import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { AuditRow } from "../../src/protocol/audit";

const exportRoot = () => process.env.SIDETEXT_EXPORT_DIR ?? path.join(os.tmpdir(), "sidetext-exports");
export const exportDir = (id: string) => path.join(exportRoot(), id);

/** How long an export's files stay on disk (its manifest stays in the database, and on the trail). */
const KEEP_FILES_MS = 24 * 3_600_000;

/** Removes this instance's export folders older than a day; run when an export starts (files are per instance). */
export async function removeOldExportFiles(now = Date.now()): Promise<number> {
  const entries = await fs.promises.readdir(exportRoot(), { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const e of entries) {
    if (!e.isDirectory() || !/^exp_/.test(e.name)) continue;
    const dir = path.join(exportRoot(), e.name);
    const { mtimeMs } = await fs.promises.stat(dir);
    if (now - mtimeMs < KEEP_FILES_MS) continue;
    await fs.promises.rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** A file being written and hashed; `write` waits when the disk is behind (backpressure), so memory stays flat. */
export class HashedFile {
  private readonly hash = createHash("sha256");
  private readonly out: fs.WriteStream;
  /** A disk error (full, gone): the export fails with it instead of the process dying of an unheard 'error'. */
  private failure: Error | null = null;
  bytes = 0;
  rows = 0;

  constructor(readonly file: string) {
    this.out = fs.createWriteStream(file, { flags: "wx" });
    this.out.on("error", (err) => {
      this.failure = err;
    });
  }

  async write(text: string, rows: number): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = Buffer.from(text);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.rows += rows;
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  async close(): Promise<string> {
    this.out.end();
    await finished(this.out);
    return this.hash.digest("hex");
  }

  destroy() {
    this.out.destroy();
  }
}

const csvColumns = [
  "id",
  "at",
  "type",
  "action",
  "actor_id",
  "actor",
  "location_id",
  "location",
  "inbox_id",
  "inbox",
  "conversation_id",
  "contact_id",
  "contact",
  "target_kind",
  "target_id",
  "target",
  "body",
  "redacted",
  // An administrative change's fields as JSON (old → new; a secret only as its note).
  "changes",
];

/**
 * The first characters that make a cell a formula a spreadsheet would run: names and texts come from customers
 * (csv-stringify's list: = + - @ tab CR and their full-width forms). A set of char codes: asked 19 times a row.
 */
const FORMULA_FIRST = new Set([..."=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20"].map((c) => c.charCodeAt(0)));
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 cell: quoted only when it holds a comma, quote or line break; a formula gets a leading apostrophe. */
function cell(v: string | boolean | null | undefined): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (!v) return "";
  const s = FORMULA_FIRST.has(v.charCodeAt(0)) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvHeader = `${csvColumns.join(",")}\r\n`;

/** One record, its cells in csvColumns' order (written out, not mapped over an array: this runs a million times). */
const csvRecord = (r: AuditRow) =>
  `${cell(r.id)},${cell(r.at)},${cell(r.type)},${cell(r.action)},${cell(r.actor?.id)},${cell(r.actor?.name)},${cell(r.location?.id)},${cell(r.location?.name)},${cell(r.inbox?.id)},${cell(r.inbox?.name)},${cell(r.conversationId)},${cell(r.contact?.id)},${cell(r.contact?.label)},${cell(r.target.kind)},${cell(r.target.id)},${cell(r.target.label)},${cell(r.body)},${cell(r.redacted)},${cell(r.changes ? JSON.stringify(r.changes) : null)}\r\n`;

/**
 * RFC 4180 CSV, one page at a time (the header with the first), byte for byte what csv-stringify writes with
 * escape_formulas (tests/server/audit-export-format.test.ts); by hand because its per-record cost was most of the
 * export's time. Joined from an array, not added up: one flat string, which Buffer.from copies without flattening.
 */
export function csvPage(rows: AuditRow[], first: boolean): string {
  const lines: string[] = first ? [csvHeader] : [];
  for (const r of rows) lines.push(csvRecord(r));
  return lines.join("");
}

/**
 * JSON Lines: one row a line, with the event's entity as retention leaves it (its JSON spliced in, not encoded
 * again). The row is copied field by field without `data` (a rest spread of it cost more than the JSON), and the
 * page's pieces joined once.
 */
export function jsonlPage(rows: Array<AuditRow & { data: string }>): string {
  const parts: string[] = [];
  for (const r of rows) {
    const head = JSON.stringify({
      id: r.id,
      at: r.at,
      type: r.type,
      action: r.action,
      actor: r.actor,
      location: r.location,
      inbox: r.inbox,
      conversationId: r.conversationId,
      contact: r.contact,
      target: r.target,
      body: r.body,
      redacted: r.redacted,
      changes: r.changes,
    } satisfies AuditRow);
    parts.push(head.slice(0, -1), ',"data":', r.data, "}\n");
  }
  return parts.join("");
}
