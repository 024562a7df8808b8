// Sign in, sign out, and who am I. Login is the one public route that checks a secret, so it is rate-limited
// per client address and email: guessing one account's password is slow, other people's sign-ins are not.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { LoginBody, LoginResponse, MeResponse } from "../../src/protocol/api";
import { failures, noContent } from "../openapi/failures";
import { AppError } from "../errors";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { hashPassword, hashToken, verifyPassword } from "./passwords";
import { endSession, startSession } from "./sessions";
import { findUserForLogin, toUser } from "../users/users.repository";
import { listInboxesOfUser } from "../inboxes/inboxes.repository";
import { announceAccessChange } from "../cluster/access-notice";
import type { AccessChange } from "../events/event-bus";

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("sidetext-decoy-password");

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  app.post("/auth/login", {
    schema: { tags: ["auth"], summary: "Sign in with email and password", security: [], body: LoginBody, response: { 200: LoginResponse, ...failures(413, 429) } },
    config: {
      public: true,
      rateLimit: {
        max: app.ctx.config.loginRateLimit,
        timeWindow: 60_000,
        // After validation, so the key uses the normalised email.
        hook: "preHandler",
        keyGenerator: (req) => `${req.ip}|${(req.body as { email?: string } | undefined)?.email ?? ""}`,
        errorResponseBuilder: (_req, ctx) => new AppError("rate_limited", `Too many sign-in attempts; try again in ${ctx.after}`),
      },
    },
  }, async (req) => {
    const { email, password } = req.body;
    const row = await findUserForLogin(db, email);
    const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyHash));
    if (!row || !ok) throw new AppError("unauthorized", "Wrong email or password");
    return { token: await startSession(db, row.id), user: toUser(row) };
  });

  app.post("/auth/logout", {
    schema: { tags: ["auth"], summary: "Sign out: the token stops working at once", response: { ...noContent, ...failures() } },
  }, async (req, reply) => {
    const user = currentUser(req);
    const token = bearerToken(req.headers.authorization);
    if (token) {
      // Streams signed in with this token are signed out too, on every instance.
      const change: AccessChange = { type: "signed_out", userId: user.id, tokenHash: hashToken(token) };
      await db.transaction().execute(async (trx) => {
        await endSession(trx, token);
        await announceAccessChange(trx, app.ctx, change);
      });
      app.ctx.bus.accessChanged(change);
    }
    return reply.code(204).send();
  });

  app.get("/me", {
    schema: { tags: ["auth"], summary: "The signed-in user and the inboxes they are a member of", response: { 200: MeResponse, ...failures() } },
  }, async (req) => {
    const user = currentUser(req);
    return { user: toUser(user), inboxes: await listInboxesOfUser(db, user.id) };
  });
}
