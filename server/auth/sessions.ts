// Sign-in sessions: a random bearer token handed to the client once, stored only as its hash.
import type { Executor } from "../db/executor";
import { hashToken, newToken } from "./passwords";

export const SESSION_DAYS = 30;

export async function startSession(db: Executor, userId: string): Promise<string> {
  const token = newToken();
  const at = new Date();
  const expiresAt = new Date(at.getTime() + SESSION_DAYS * 24 * 3600_000);
  await db.insertInto("apiToken").values({ tokenHash: hashToken(token), userId, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString() }).execute();
  // Housekeeping: the user's expired sessions can never be used again.
  await db.deleteFrom("apiToken").where("userId", "=", userId).where("expiresAt", "<=", at.toISOString()).execute();
  return token;
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom("apiToken").where("tokenHash", "=", hashToken(token)).execute();
}
