// Sign in, sign out, and who am I. Login is the one public route that checks a secret: it meets every limit
// (login-limits.ts) before a password is hashed, so guessing is slow and sign-ins cannot be a CPU drain.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { LoginBody, LoginResponse, MeResponse } from "../../src/protocol/api";
import { failures, noContent } from "../openapi/failures";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { endSession } from "./sessions";
import { loginLimits, retryAfterHeader } from "./login-limits";
import { signIn } from "./auth.service";
import { toUser } from "../users/users.repository";
import { findInboxes } from "../inboxes/inboxes.repository";

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const limits = loginLimits(app);

  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary:
          "Sign in with email and password. 429 after too many attempts from one address, or for an account locked by failed sign-ins from anywhere (the message says until when)",
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse, ...failures(413, 429) },
      },
      config: { public: true },
      onError: retryAfterHeader,
    },
    async (req) => {
      await limits.checkAddress(req, req.body.email);
      return signIn(app.ctx, limits.hashing, req.body.email, req.body.password, { userAgent: req.headers["user-agent"] });
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: { tags: ["auth"], summary: "Sign out: the token stops working at once", response: { ...noContent, ...failures() } },
    },
    async (req, reply) => {
      const user = currentUser(req);
      const token = bearerToken(req.headers.authorization);
      if (token) await endSession(app.ctx, user.id, token);
      return reply.code(204).send();
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags: ["auth"],
        summary: "The signed-in user, the inboxes they see (memberships and their locations') and those locations",
        response: { 200: MeResponse, ...failures() },
      },
    },
    async (req) => {
      const user = currentUser(req);
      return { user: toUser(user), inboxes: await findInboxes(db, user.inboxIds), locationIds: [...(user.locationIds ?? [])] };
    },
  );
}
