// Exporting the audit trail. POST creates an export job and answers at once; the job reads the trail oldest
// first in keyset pages (a large SQLite export on a thread of its own, as one snapshot: export-pages.ts), writes CSV and/or JSON Lines files (hashed as they are written), then a manifest
// (counts per type, range, each file's SHA-256), and records the export in the feed (`audit.exported`, with
// the manifest) in the same transaction that marks it done. Clients poll GET for progress, then download each
// file by a short-lived signed link. Why a job and not one streamed answer: the hash of a streamed file is known
// only after its last byte, too late for a header, and browsers cannot read HTTP trailers.
import fs from "node:fs/promises";
import path from "node:path";
import type { AuditExport, AuditExportRequest, ExportManifest } from "../../src/protocol/audit";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import { AppError } from "../errors";
import { inTransaction } from "../events/transaction";
import { newId } from "../ids";
import { countAuditEvents, userName, type AuditFilter } from "./audit.repository";
import type { RetentionCut } from "./audit-rows";
import { FIELDS } from "./export-flat";
import { exportPages } from "./export-pages";
import { csvPage, exportDir, HashedFile, jsonlPage, removeOldExportFiles } from "./export-files";
import { readRetention, retentionCut } from "./retention";
import { failExport, findExport, finishExport, insertExport } from "./exports.repository";
import { downloadLinks } from "./export-links";

const progress = new Map<string, { rows: number; total: number }>();

export async function createExport(ctx: ServerContext, by: AuthedUser, req: AuditExportRequest, clock: () => Date = () => new Date()): Promise<AuditExport> {
  requireAdmin(by);
  const at = clock();
  // Not past now: rows written while the export runs would be in one file and not the other.
  const to = new Date(Math.min(Date.parse(req.to), at.getTime())).toISOString();
  const from = new Date(Date.parse(req.from)).toISOString();
  if (from >= to) throw new AppError("validation_failed", "from: the range must start before now");
  const filter: AuditFilter = { ...pick(req), from, to };
  const id = newId("exp");
  const createdAt = at.toISOString();
  await insertExport(ctx.database.db, { id, requestedBy: by.id, request: JSON.stringify({ ...req, from, to }), createdAt });
  progress.set(id, { rows: 0, total: await countAuditEvents(ctx.database.db, filter) });
  const retention = await readRetention(ctx.database.db);
  const cut = retentionCut(retention, at);
  void writeExport(ctx, by, id, filter, req.formats, { ...cut, days: retention.days }).catch(async (err) => {
    ctx.log.error({ err }, "audit export failed");
    await fs.rm(exportDir(id), { recursive: true, force: true }).catch(() => {});
    await failExport(ctx.database.db, id, "The export could not be written; try again", new Date().toISOString()).catch(() => {});
    progress.delete(id);
  });
  return { id, status: "running", createdAt, finishedAt: null, progress: progress.get(id)!, manifest: null, error: null, links: [] };
}

const pick = (req: AuditExportRequest): AuditFilter => ({
  actorId: req.actorId,
  locationId: req.locationId,
  conversationId: req.conversationId,
  contactId: req.contactId,
  types: req.types,
});

async function writeExport(
  ctx: ServerContext,
  by: AuthedUser,
  id: string,
  filter: AuditFilter,
  formats: AuditExportRequest["formats"],
  cut: RetentionCut & { days: number | null },
) {
  await removeOldExportFiles().catch((err) => ctx.log.error({ err }, "removing old audit exports failed"));
  const dir = exportDir(id);
  await fs.mkdir(dir, { recursive: true });
  const csv = formats.includes("csv") ? new HashedFile(path.join(dir, "audit.csv")) : null;
  const jsonl = formats.includes("jsonl") ? new HashedFile(path.join(dir, "audit.jsonl")) : null;
  const counts: Record<string, number> = {};
  let rows = 0;
  try {
    for await (const page of exportPages(ctx.database, filter, cut, progress.get(id)?.total ?? 0)) {
      const n = page.length / FIELDS;
      if (n === 0) continue;
      await Promise.all([csv?.write(csvPage(page, rows === 0), n), jsonl?.write(jsonlPage(page), n)]);
      for (let i = 2; i < page.length; i += FIELDS) {
        const type = page[i] as string;
        counts[type] = (counts[type] ?? 0) + 1;
      }
      rows += n;
      const p = progress.get(id);
      if (p) p.rows = rows;
    }
    // An empty export still has a CSV header, so the file says what its columns are.
    if (rows === 0) await csv?.write(csvPage([], true), 0);
  } catch (err) {
    csv?.destroy();
    jsonl?.destroy();
    throw err;
  }
  const files: ExportManifest["files"] = [];
  for (const [f, format] of [
    [csv, "csv"],
    [jsonl, "jsonl"],
  ] as const) {
    if (f) files.push({ name: path.basename(f.file), format, rows: f.rows, bytes: f.bytes, sha256: await f.close() });
  }
  const manifest: ExportManifest = {
    exportId: id,
    generatedAt: new Date().toISOString(),
    requestedBy: { id: by.id, name: await userName(ctx.database.db, by.id) },
    from: filter.from!,
    to: filter.to!,
    filters: Object.fromEntries(Object.entries(pick(filter as AuditExportRequest)).filter(([, v]) => v !== undefined)),
    retention: { mode: cut.mode, days: cut.mode === "keep" ? null : cut.days, cutoff: cut.cutoff },
    rows,
    counts,
    files,
  };
  await fs.writeFile(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await finishExport(tx.db, id, JSON.stringify(manifest), manifest.generatedAt);
    await tx.emit("audit.exported", { id, manifest }, { actorId: by.id, action: "created" });
  });
  progress.delete(id);
}

export async function readExport(ctx: ServerContext, by: AuthedUser, id: string): Promise<AuditExport> {
  requireAdmin(by);
  const row = await findExport(ctx.database.db, id);
  if (!row) throw new AppError("not_found", "Export not found");
  const manifest = row.manifest ? (JSON.parse(row.manifest) as ExportManifest) : null;
  const done = manifest ? { rows: manifest.rows, total: manifest.rows } : { rows: 0, total: 0 };
  // SQLite has one instance: an export running but not here was cut off by a restart.
  const interrupted = row.status === "running" && !progress.has(id) && ctx.database.dialect === "sqlite";
  return {
    id: row.id,
    status: interrupted ? "failed" : (row.status as AuditExport["status"]),
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    progress: progress.get(id) ?? done,
    manifest,
    error: interrupted ? "The server restarted during this export; export again" : row.error,
    links: manifest ? downloadLinks(ctx, id, manifest) : [],
  };
}
