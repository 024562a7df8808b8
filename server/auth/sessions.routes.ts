// A user's sessions, one per signed-in device: list them, end one, or end them all ("sign out everywhere").
// An ended session stops working at once: its remembered token checks are dropped and its open streams
// closed, on every instance (sessions.ts endSessions).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import { SessionsResponse } from "../../src/protocol/account";
import { failures, noContent } from "../openapi/failures";
import { notFound } from "../errors";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { hashToken } from "./passwords";
import { endSessions } from "./sessions";
import { liveSessionsOf, sessionsOf, tokenHashOfSession } from "./sessions.repository";

export async function sessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const currentHash = (authorization: string | undefined) => hashToken(bearerToken(authorization) ?? "");

  app.get(
    "/auth/sessions",
    {
      schema: { tags: ["auth"], summary: "Your signed-in sessions (devices), most recently used first", response: { 200: SessionsResponse, ...failures() } },
    },
    async (req) => {
      const user = currentUser(req);
      const current = currentHash(req.headers.authorization);
      const rows = await liveSessionsOf(db, user.id, new Date().toISOString());
      return { sessions: rows.map(({ tokenHash, ...s }) => ({ ...s, current: tokenHash === current })) };
    },
  );

  app.delete(
    "/auth/sessions/:id",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out one of your sessions (a device); its streams close at once",
        params: IdParams,
        response: { ...noContent, ...failures(404) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const tokenHash = await tokenHashOfSession(db, req.params.id, user.id);
      if (!tokenHash) throw notFound("Session");
      await endSessions(app.ctx, user.id, async () => [tokenHash]);
      return reply.code(204).send();
    },
  );

  app.delete(
    "/auth/sessions",
    {
      schema: { tags: ["auth"], summary: "Sign out everywhere: every one of your sessions ends, this one too", response: { ...noContent, ...failures() } },
    },
    async (req, reply) => {
      const user = currentUser(req);
      await endSessions(app.ctx, user.id, (trx) => sessionsOf(trx, user.id, null));
      return reply.code(204).send();
    },
  );
}
