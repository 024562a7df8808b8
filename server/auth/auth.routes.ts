// Sign in, sign out, and who am I. Login is the one public route that checks a secret: it meets every limit
// (login-limits.ts) before a password is hashed, so guessing is slow and sign-ins cannot be a CPU drain.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { LoginBody, LoginResponse, MeResponse } from "../../src/protocol/api";
import { failures, noContent } from "../openapi/failures";
import { AppError } from "../errors";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { hashPassword, verifyPassword } from "./passwords";
import { endSession, startSession } from "./sessions";
import { loginLimits, retryAfterHeader } from "./login-limits";
import { assertNotLocked, clearFailedSignIns, recordFailedSignIn } from "./account-lockout";
import { findUserForLogin, toUser } from "../users/users.repository";
import { listInboxesOfUser } from "../inboxes/inboxes.repository";

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("sidetext-decoy-password");

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const { config } = app.ctx;
  const limits = loginLimits(app);

  app.post("/auth/login", {
    schema: {
      tags: ["auth"],
      summary: "Sign in with email and password. 429 after too many attempts from one address, or for an account locked by failed sign-ins from anywhere (the message says until when)",
      security: [], body: LoginBody, response: { 200: LoginResponse, ...failures(413, 429) },
    },
    config: { public: true },
    onError: retryAfterHeader,
  }, async (req) => {
    const { email, password } = req.body;
    await limits.checkAddress(req, email);
    const row = await findUserForLogin(db, email);
    if (row) await assertNotLocked(db, row.id);
    const ok = await limits.hashing.run(async () => verifyPassword(password, row?.passwordHash ?? (await decoyHash)));
    if (!row || !ok) {
      if (row) await recordFailedSignIn(db, row.id, { limit: config.loginAccountLimit, lockMs: config.loginLockMs });
      throw new AppError("unauthorized", "Wrong email or password");
    }
    await clearFailedSignIns(db, row.id);
    const token = await startSession(db, row.id, { userAgent: req.headers["user-agent"], idleTimeoutMs: config.sessionIdleMs });
    return { token, user: toUser(row) };
  });

  app.post("/auth/logout", {
    schema: { tags: ["auth"], summary: "Sign out: the token stops working at once", response: { ...noContent, ...failures() } },
  }, async (req, reply) => {
    const user = currentUser(req);
    const token = bearerToken(req.headers.authorization);
    if (token) await endSession(app.ctx, user.id, token);
    return reply.code(204).send();
  });

  app.get("/me", {
    schema: { tags: ["auth"], summary: "The signed-in user and the inboxes they are a member of", response: { 200: MeResponse, ...failures() } },
  }, async (req) => {
    const user = currentUser(req);
    return { user: toUser(user), inboxes: await listInboxesOfUser(db, user.id) };
  });
}
