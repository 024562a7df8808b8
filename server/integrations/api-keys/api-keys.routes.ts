// API keys over HTTP, for owners and admins: create (the key in this answer only), list (never the key;
// its last use), revoke. Keys themselves cannot manage keys.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../../src/protocol/api";
import { failures, noContent } from "../../openapi/failures";
import { currentUser } from "../../auth/auth.plugin";
import { requireAdmin } from "../../auth/permissions";
import { notFound } from "../../errors";
import { now } from "../../ids";
import { ApiKey, apiKeyScopes } from "../../../src/protocol/api-keys";
import { newApiKey, revokeKey } from "./api-keys";
import { insertApiKey, listApiKeys } from "./api-keys.repository";
import { inTransaction } from "../../events/transaction";
import { recordAdminChange, secretChange } from "../../audit/admin-changes";

const CreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1, "choose at least one scope"),
});

export async function apiKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const tags = ["api-keys"];
  const toKey = (r: { scopes: string } & Omit<z.infer<typeof ApiKey>, "scopes">) => ({ ...r, scopes: JSON.parse(r.scopes) });

  app.post(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key with scopes (messages:send, contacts:write, events:write, read); the key is in this answer only",
        body: CreateBody,
        response: { 201: z.object({ apiKey: ApiKey, key: z.string() }), ...failures(403) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      requireAdmin(user);
      const { id, key, secretHash } = newApiKey();
      const row = {
        id,
        name: req.body.name,
        scopes: JSON.stringify([...new Set(req.body.scopes)]),
        secretHash,
        createdBy: user.id,
        createdAt: now(),
        lastUsedAt: null,
        revokedAt: null,
      };
      await inTransaction(db, app.ctx.bus, async (tx) => {
        await insertApiKey(tx.db, row);
        const changes = [{ field: "name", to: row.name }, { field: "scopes", to: JSON.parse(row.scopes) }, secretChange("key", "set")];
        await recordAdminChange(tx, "audit.api_key.created", user.id, { id, label: `API key “${row.name}”`, changes });
      });
      const { secretHash: _, ...shown } = row;
      return reply.code(201).send({ apiKey: toKey(shown), key });
    },
  );
  app.get(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "The workspace's API keys (never the keys themselves)",
        response: { 200: z.object({ apiKeys: z.array(ApiKey) }), ...failures(403) },
      },
    },
    async (req) => {
      requireAdmin(currentUser(req));
      return { apiKeys: (await listApiKeys(db)).map(toKey) };
    },
  );
  app.delete(
    "/api-keys/:id",
    { schema: { tags, summary: "Revoke an API key: it stops working at once", params: IdParams, response: { ...noContent, ...failures(403, 404) } } },
    async (req, reply) => {
      const user = currentUser(req);
      requireAdmin(user);
      if (!(await revokeKey(app.ctx, user.id, req.params.id))) throw notFound("API key");
      return reply.code(204).send(null);
    },
  );
}
