// Catch-hook sources over HTTP: admins make one per outside tool with its JSONPath mapping (the URL, with its
// secret, in that answer only), list and remove them; the tool POSTs any JSON to the URL (no sign-in: the
// secret in the path is the credential).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../../src/protocol/api";
import { ContactEvent } from "../../../src/protocol/contact-events";
import { failures, noContent } from "../../openapi/failures";
import { currentUser } from "../../auth/auth.plugin";
import { requireAdmin } from "../../auth/permissions";
import { AppError, notFound } from "../../errors";
import { newId, now } from "../../ids";
import { HookMapping, mapPayload, newHookSecret, sourceForSecret } from "./catch-hook";
import { deleteHookSource, hookSourceById, insertHookSource, listHookSources } from "./catch-hooks.repository";
import { inTransaction } from "../../events/transaction";
import { recordAdminChange, secretChange } from "../../audit/admin-changes";
import { recordContactEvent } from "./record-event";

const Source = z.object({ id: z.string(), name: z.string(), mapping: HookMapping, createdAt: z.string() });

export async function catchHookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const { db } = ctx.database;
  const tags = ["events"];

  app.post(
    "/hook-sources",
    {
      schema: {
        tags,
        summary: "Make a catch-hook URL for a tool, with the JSONPath of each field in its payload; the URL is in this answer only",
        body: z.strictObject({ name: z.string().trim().min(1).max(100), mapping: HookMapping }),
        response: { 201: z.object({ source: Source, url: z.string() }), ...failures(403) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      requireAdmin(user);
      const id = newId("hks");
      const { secret, secretHash } = newHookSecret();
      const row = { id, name: req.body.name, secretHash, mapping: JSON.stringify(req.body.mapping), createdBy: user.id, createdAt: now() };
      await inTransaction(db, ctx.bus, async (tx) => {
        await insertHookSource(tx.db, row);
        const changes = [{ field: "name", to: row.name }, { field: "mapping", to: req.body.mapping }, secretChange("url", "set")];
        await recordAdminChange(tx, "audit.hook_source.created", user.id, { id, label: `Catch hook “${row.name}”`, changes });
      });
      const url = `${ctx.config.publicUrl.replace(/\/$/, "")}/v1/hooks/${id}/${secret}`;
      return reply.code(201).send({ source: { id, name: row.name, mapping: req.body.mapping, createdAt: row.createdAt }, url });
    },
  );
  app.get(
    "/hook-sources",
    {
      schema: {
        tags,
        summary: "The catch-hook sources (never their URLs' secrets)",
        response: { 200: z.object({ sources: z.array(Source) }), ...failures(403) },
      },
    },
    async (req) => {
      requireAdmin(currentUser(req));
      const rows = await listHookSources(db);
      return { sources: rows.map((r) => ({ ...r, mapping: JSON.parse(r.mapping) })) };
    },
  );
  app.delete(
    "/hook-sources/:id",
    { schema: { tags, summary: "Remove a catch-hook source: its URL stops working", params: IdParams, response: { ...noContent, ...failures(403, 404) } } },
    async (req, reply) => {
      const user = currentUser(req);
      requireAdmin(user);
      await inTransaction(db, ctx.bus, async (tx) => {
        const source = await hookSourceById(tx.db, req.params.id);
        if (!source || !(await deleteHookSource(tx.db, req.params.id))) throw notFound("Hook source");
        await recordAdminChange(tx, "audit.hook_source.deleted", user.id, {
          id: source.id,
          label: `Catch hook “${source.name}”`,
          changes: [secretChange("url", "removed")],
        });
      });
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/hooks/:sourceId/:secret",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "A tool's payload, any JSON: mapped to a contact event by the source's JSONPath mapping",
        security: [],
        params: z.strictObject({ sourceId: z.string().min(1).max(100), secret: z.string().min(1).max(100) }),
        body: z.unknown(),
        response: { 201: z.object({ event: ContactEvent }), 200: z.object({ event: ContactEvent }), ...failures(404) },
      },
    },
    async (req, reply) => {
      const source = await sourceForSecret(db, req.params.sourceId, req.params.secret);
      // One answer for a wrong id and a wrong secret: the URL's existence does not leak.
      if (!source) throw new AppError("not_found", "No such hook URL");
      const { event, created } = await recordContactEvent(ctx, null, mapPayload(source.mapping, req.body), source.id);
      return reply.code(created ? 201 : 200).send({ event });
    },
  );
}
