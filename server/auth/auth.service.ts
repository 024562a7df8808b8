// Checking a password: signing in and changing one's own password. Both meet the account's failed sign-in
// limit (account-lockout.ts) before a password is hashed, and hash a few at a time (hash-slots.ts).
import type { User } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import type { AuthedUser } from "./authenticate";
import type { HashSlots } from "./hash-slots";
import { hashPassword, verifyPassword } from "./passwords";
import { endSessions, startSession, type NewSession } from "./sessions";
import { sessionsOf } from "./sessions.repository";
import { assertNotLocked, clearFailedSignIns, recordFailedSignIn } from "./account-lockout";
import { findUserForLogin, passwordHashOf, toUser, updateUser } from "../users/users.repository";

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("sidetext-decoy-password");

const lockoutRules = (ctx: ServerContext) => ({ limit: ctx.config.loginAccountLimit, lockMs: ctx.config.loginLockMs });

/** A new session's token for the right email and password; 401 for a wrong one, 429 while the account is locked. */
export async function signIn(
  ctx: ServerContext,
  hashing: HashSlots,
  email: string,
  password: string,
  device: Pick<NewSession, "userAgent">,
): Promise<{ token: string; user: User }> {
  const { db } = ctx.database;
  const row = await findUserForLogin(db, email);
  if (row) await assertNotLocked(db, row.id);
  const ok = await hashing.run(async () => verifyPassword(password, row?.passwordHash ?? (await decoyHash)));
  if (!row || !ok) {
    if (row) await recordFailedSignIn(db, row.id, lockoutRules(ctx));
    throw new AppError("unauthorized", "Wrong email or password");
  }
  await clearFailedSignIns(db, row.id);
  // Told only after the right password, so the answer does not reveal which emails are deactivated.
  if (row.deactivatedAt) throw new AppError("forbidden", "This account is deactivated: ask an owner or admin of your workspace to reactivate it");
  const token = await startSession(db, row.id, { ...device, idleTimeoutMs: ctx.config.sessionIdleMs });
  return { token, user: toUser(row) };
}

/**
 * On success every other session of the user ends (a stolen token does not outlive the new password), the
 * one of `keepTokenHash` goes on. Returns how many ended.
 */
export async function changePassword(
  ctx: ServerContext,
  hashing: HashSlots,
  user: AuthedUser,
  keepTokenHash: string,
  change: { currentPassword: string; newPassword: string },
): Promise<number> {
  const { db } = ctx.database;
  await assertNotLocked(db, user.id);
  const currentHash = await passwordHashOf(db, user.id);
  if (!(await hashing.run(() => verifyPassword(change.currentPassword, currentHash)))) {
    await recordFailedSignIn(db, user.id, lockoutRules(ctx));
    throw new AppError("forbidden", "Your current password is not right; the password was not changed");
  }
  await clearFailedSignIns(db, user.id);
  const passwordHash = await hashing.run(() => hashPassword(change.newPassword));
  // One transaction: the new password and the end of the other sessions hold together or not at all.
  return endSessions(ctx, user.id, async (trx) => {
    await updateUser(trx, user.id, { passwordHash });
    return sessionsOf(trx, user.id, keepTokenHash);
  });
}
