// The audit trail over HTTP (owners and organisation admins): GET /v1/audit (filters, cursor pages), export
// jobs (POST /v1/audit/exports, GET /v1/audit/exports/:id, the files by signed link) and the message-body
// retention setting (GET/PUT /v1/audit/retention).
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  AuditExportRequest,
  AuditExportResponse,
  AuditPage,
  AuditQuery,
  type ExportManifest,
  MessageRetentionPut,
  MessageRetentionResponse,
} from "../../src/protocol/audit";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin } from "../auth/permissions";
import { AppError } from "../errors";
import { failures } from "../openapi/failures";
import { listAudit } from "./audit.service";
import { createExport, readExport } from "./audit-export";
import { exportDir } from "./export-files";
import { exportFileNames, linkProblem } from "./export-links";
import { changeRetention, readRetention } from "./retention";
import { findExport } from "./exports.repository";

const contentTypes: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

const FileParams = z.strictObject({ id: z.string().regex(/^exp_[A-Za-z0-9_-]{1,40}$/), name: z.string().max(40) });
const LinkQuery = z.strictObject({ expires: z.string().regex(/^\d{1,12}$/), sig: z.string().max(100) });

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["audit"];

  app.get(
    "/audit",
    {
      schema: {
        tags,
        summary: "The audit trail, newest first: who did what, when, on which conversation, contact or setting (owners and admins)",
        querystring: AuditQuery,
        response: { 200: AuditPage, ...failures(403) },
      },
    },
    async (req) => listAudit(ctx, currentUser(req), req.query),
  );

  app.post(
    "/audit/exports",
    {
      schema: {
        tags,
        summary: "Export the audit trail of a date range as CSV and/or JSON Lines with a manifest (owners and admins); poll GET for the files",
        body: AuditExportRequest,
        response: { 202: AuditExportResponse, ...failures(403) },
      },
    },
    async (req, reply) => reply.code(202).send({ export: await createExport(ctx, currentUser(req), req.body) }),
  );

  app.get(
    "/audit/exports/:id",
    {
      schema: {
        tags,
        summary: "An export's progress, manifest and download links (owners and admins)",
        params: IdParams,
        response: { 200: AuditExportResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ export: await readExport(ctx, currentUser(req), req.params.id) }),
  );

  app.get(
    "/audit/exports/:id/files/:name",
    {
      config: { public: true },
      schema: { tags, summary: "One file of an export, by the signed link GET /v1/audit/exports/:id gave", params: FileParams, querystring: LinkQuery },
    },
    async (req, reply) => {
      const { id, name } = req.params;
      const problem = linkProblem(ctx, id, name, req.query.expires, req.query.sig);
      if (problem)
        throw new AppError(
          "forbidden",
          problem === "expired" ? "This download link has expired; open the export again for a new one" : "Not a download link from this server",
        );
      const row = await findExport(ctx.database.db, id);
      if (!row?.manifest || !exportFileNames(JSON.parse(row.manifest) as ExportManifest).includes(name))
        throw new AppError("not_found", "Export file not found");
      const file = path.join(exportDir(id), name);
      const stat = await fs.stat(file).catch(() => null);
      if (!stat)
        throw new AppError("not_found", "This export's files are not on this server (removed after a day, or written by another instance); export again");
      return reply
        .headers({
          "content-type": contentTypes[path.extname(name)],
          "content-length": String(stat.size),
          "content-disposition": `attachment; filename="sidetext-${id}-${name}"`,
          "cache-control": "no-store",
          // A download is a one-off: without this, a kept-alive connection whose last answer was a file stream
          // is not seen as idle, and closing the server waited for it (over a minute, measured).
          connection: "close",
        })
        .send(createReadStream(file));
    },
  );

  app.get(
    "/audit/retention",
    { schema: { tags, summary: "How long message bodies are kept (owners and admins)", response: { 200: MessageRetentionResponse, ...failures(403) } } },
    async (req) => {
      requireAdmin(currentUser(req));
      const { appliedBefore: _progress, ...retention } = await readRetention(ctx.database.db);
      return { retention };
    },
  );

  app.put(
    "/audit/retention",
    {
      schema: {
        tags,
        summary: "Keep message bodies forever, delete messages after N days, or blank their bodies after N days keeping the metadata (owners and admins)",
        body: MessageRetentionPut,
        response: { 200: MessageRetentionResponse, ...failures(403) },
      },
    },
    async (req) => ({ retention: await changeRetention(ctx, currentUser(req), req.body) }),
  );
}
