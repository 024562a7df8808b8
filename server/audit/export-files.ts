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

const csvRecord = (r: AuditRow) => [
  r.id,
  r.at,
  r.type,
  r.action,
  r.actor?.id,
  r.actor?.name,
  r.location?.id,
  r.location?.name,
  r.inbox?.id,
  r.inbox?.name,
  r.conversationId,
  r.contact?.id,
  r.contact?.label,
  r.target.kind,
  r.target.id,
  r.target.label,
  r.body,
  r.redacted,
  r.changes ? JSON.stringify(r.changes) : null,
];

/** A cell a spreadsheet would run as a formula: names and texts come from customers (csv-stringify's list). */
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 cell: quoted only when it holds a comma, quote or line break; a formula gets a leading apostrophe. */
function cell(v: string | boolean | null | undefined): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (!v) return "";
  const s = FORMULA.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvHeader = `${csvColumns.join(",")}\r\n`;

/**
 * RFC 4180 CSV, one page at a time (the header with the first), byte for byte what csv-stringify writes with
 * escape_formulas (tests/server/audit-export-format.test.ts); by hand because its per-record cost was most of the
 * export's time.
 */
export function csvPage(rows: AuditRow[], first: boolean): string {
  let out = first ? csvHeader : "";
  for (const r of rows) out += `${csvRecord(r).map(cell).join(",")}\r\n`;
  return out;
}

/** JSON Lines: one row a line, with the event's entity as retention leaves it (its JSON spliced in, not encoded again). */
export function jsonlPage(rows: Array<AuditRow & { data: string }>): string {
  let out = "";
  for (const { data, ...row } of rows) {
    const head = JSON.stringify(row);
    out += `${head.slice(0, -1)},"data":${data}}\n`;
  }
  return out;
}
