// Changing one's own password. It checks a secret, so it meets the account's failed sign-in limit like a
// sign-in (account-lockout.ts) and hashes a few at a time; on success every other session of the user ends
// (a stolen token does not outlive the new password), this one goes on.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ChangePasswordBody, ChangePasswordResponse } from "../../src/protocol/account";
import { failures } from "../openapi/failures";
import { AppError } from "../errors";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { hashPassword, hashToken, verifyPassword } from "./passwords";
import { endSessions } from "./sessions";
import { sessionsOf } from "./sessions.repository";
import { passwordHashOf, updateUser } from "../users/users.repository";
import { assertNotLocked, clearFailedSignIns, recordFailedSignIn } from "./account-lockout";
import { hashSlotsFor } from "./hash-slots";

export async function passwordRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const { config } = app.ctx;
  const hashing = hashSlotsFor(app.ctx);

  app.post("/auth/password", {
    schema: {
      tags: ["auth"],
      summary: "Change your password; your other sessions are signed out. 429 while the account is locked by failed attempts",
      body: ChangePasswordBody, response: { 200: ChangePasswordResponse, ...failures(403, 429) },
    },
  }, async (req) => {
    const user = currentUser(req);
    await assertNotLocked(db, user.id);
    const currentHash = await passwordHashOf(db, user.id);
    if (!(await hashing.run(() => verifyPassword(req.body.currentPassword, currentHash)))) {
      await recordFailedSignIn(db, user.id, { limit: config.loginAccountLimit, lockMs: config.loginLockMs });
      throw new AppError("forbidden", "Your current password is not right; the password was not changed");
    }
    await clearFailedSignIns(db, user.id);
    const passwordHash = await hashing.run(() => hashPassword(req.body.newPassword));
    const keep = hashToken(bearerToken(req.headers.authorization) ?? "");
    // One transaction: the new password and the end of the other sessions hold together or not at all.
    const signedOutSessions = await endSessions(app.ctx, user.id, async (trx) => {
      await updateUser(trx, user.id, { passwordHash });
      return sessionsOf(trx, user.id, keep);
    });
    return { signedOutSessions };
  });
}
