// The sync API (sync.service.ts): a bootstrap snapshot, then the feed after its cursor.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { BootstrapQuery, BootstrapResponse, SyncQuery, SyncResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { bootstrap, syncPage } from "./sync.service";

export async function syncRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  app.get(
    "/bootstrap",
    {
      schema: {
        tags: ["sync"],
        summary: "A snapshot to start a cache: the user, teammates, inboxes, templates and recent conversations",
        description: "Then follow /sync (or the stream) from cursor. limit caps the conversations (default 5000, most recent first).",
        querystring: BootstrapQuery,
        response: { 200: BootstrapResponse, ...failures() },
      },
    },
    async (req) => bootstrap(db, currentUser(req), req.query.limit ?? 5000),
  );

  app.get(
    "/sync",
    {
      schema: {
        tags: ["sync"],
        summary: "Events after a cursor, oldest first",
        description: "Apply the events, then ask again with the returned cursor while hasMore. 410 cursor_expired: bootstrap again.",
        querystring: SyncQuery,
        response: { 200: SyncResponse, ...failures(410) },
      },
    },
    async (req) => syncPage(db, currentUser(req), req.query.after, req.query.limit ?? 500),
  );
}
