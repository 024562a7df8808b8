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
import { FIELDS, type FlatPage } from "./export-flat";

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

type Cell = string | boolean | null | undefined;

/** One record, its cells in csvColumns' order from the flat page's row at `i` (written out: this runs a million times). */
const csvRecord = (f: FlatPage, i: number) =>
  `${cell(f[i] as Cell)},${cell(f[i + 1] as Cell)},${cell(f[i + 2] as Cell)},${cell(f[i + 3] as Cell)},${cell(f[i + 4] as Cell)},${cell(f[i + 5] as Cell)},${cell(f[i + 6] as Cell)},${cell(f[i + 7] as Cell)},${cell(f[i + 8] as Cell)},${cell(f[i + 9] as Cell)},${cell(f[i + 10] as Cell)},${cell(f[i + 11] as Cell)},${cell(f[i + 12] as Cell)},${cell(f[i + 13] as Cell)},${cell(f[i + 14] as Cell)},${cell(f[i + 15] as Cell)},${cell(f[i + 16] as Cell)},${cell(f[i + 17] as Cell)},${cell(f[i + 18] ? JSON.stringify(f[i + 18]) : null)}\r\n`;

/**
 * RFC 4180 CSV, one page at a time (the header with the first), byte for byte what csv-stringify writes with
 * escape_formulas (tests/server/audit-export-format.test.ts); by hand because its per-record cost was most of the
 * export's time. Joined from an array, not added up: one flat string, which Buffer.from copies without flattening.
 */
export function csvPage(page: FlatPage, first: boolean): string {
  const lines: string[] = first ? [csvHeader] : [];
  for (let i = 0; i < page.length; i += FIELDS) lines.push(csvRecord(page, i));
  return lines.join("");
}

const named = (id: unknown, name: unknown) => (id === null ? null : { id, name });

/**
 * JSON Lines: one row a line, with the event's entity as retention leaves it (its JSON spliced in, not encoded
 * again). The row is rebuilt from the flat page in AuditRow's key order, and the page's pieces joined once.
 */
export function jsonlPage(page: FlatPage): string {
  const parts: string[] = [];
  for (let i = 0; i < page.length; i += FIELDS) {
    const head = JSON.stringify({
      id: page[i],
      at: page[i + 1],
      type: page[i + 2],
      action: page[i + 3],
      actor: named(page[i + 4], page[i + 5]),
      location: named(page[i + 6], page[i + 7]),
      inbox: named(page[i + 8], page[i + 9]),
      conversationId: page[i + 10],
      contact: page[i + 11] === null ? null : { id: page[i + 11], label: page[i + 12] },
      target: { kind: page[i + 13], id: page[i + 14], label: page[i + 15] },
      body: page[i + 16],
      redacted: page[i + 17],
      changes: page[i + 18],
    });
    parts.push(head.slice(0, -1), ',"data":', page[i + 19] as string, "}\n");
  }
  return parts.join("");
}
