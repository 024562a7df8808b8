// Sign-in sessions: a random bearer token handed to the client once, stored only as its hash, with a public
// id, the device's user agent and when it was last used (the user's session list: sessions.routes.ts).
// `expiresAt` is the one deadline every reader checks (HTTP, stream sign-in, the stream's recheck): at most
// SESSION_DAYS after sign-in, and with an idle timeout no later than that long after the last use.
import type { Executor } from "../db/executor";
import type { ServerContext } from "../context";
import type { AccessChange } from "../events/event-bus";
import { announceAccessChange } from "../cluster/access-notice";
import { newId } from "../ids";
import { hashToken, newToken } from "./passwords";
import { deleteExpiredSessionsOf, deleteSession, deleteSessions, insertSession } from "./sessions.repository";

const SESSION_DAYS = 30;
const DAY_MS = 24 * 3600_000;
/** Last use is written at most this often per session (and often enough for a short idle timeout). */
const TOUCH_MS = 60_000;

export interface NewSession {
  userAgent?: string | null;
  idleTimeoutMs?: number;
}

export async function startSession(db: Executor, userId: string, device: NewSession = {}): Promise<string> {
  const token = newToken();
  const at = new Date();
  const idle = device.idleTimeoutMs ? device.idleTimeoutMs : null;
  const times = { createdAt: at.toISOString(), lastUsedAt: at.toISOString(), idleTimeoutMs: idle, expiresAt: "" };
  times.expiresAt = deadline(times, at.getTime());
  await insertSession(db, { tokenHash: hashToken(token), id: newId("ses"), userId, userAgent: device.userAgent?.slice(0, 300) || null, ...times });
  // Housekeeping: the user's expired sessions can never be used again.
  await deleteExpiredSessionsOf(db, userId, at.toISOString());
  return token;
}

/** Signs out the session of `token`; streams signed in with it are signed out too, on every instance. */
export async function endSession(ctx: ServerContext, userId: string, token: string): Promise<void> {
  const change: AccessChange = { type: "signed_out", userId, tokenHash: hashToken(token) };
  await ctx.database.db.transaction().execute(async (trx) => {
    await deleteSession(trx, change.tokenHash);
    await announceAccessChange(trx, ctx, change);
  });
  ctx.bus.accessChanged(change);
}

export interface SessionTimes {
  createdAt: string;
  lastUsedAt: string;
  idleTimeoutMs: number | null;
  expiresAt: string;
}

const deadline = (s: SessionTimes, usedAt: number) => {
  const absolute = Date.parse(s.createdAt) + SESSION_DAYS * DAY_MS;
  return new Date(s.idleTimeoutMs ? Math.min(absolute, usedAt + s.idleTimeoutMs) : absolute).toISOString();
};

/** The new last use and deadline of a live session used now, or null when nothing needs writing yet. */
export function touchedSession(s: SessionTimes, at = Date.now()): Pick<SessionTimes, "lastUsedAt" | "expiresAt"> | null {
  if (s.expiresAt <= new Date(at).toISOString()) return null; // over: using it does not revive it
  const every = s.idleTimeoutMs ? Math.min(TOUCH_MS, s.idleTimeoutMs / 4) : TOUCH_MS;
  if (at - Date.parse(s.lastUsedAt) < every) return null;
  return { lastUsedAt: new Date(at).toISOString(), expiresAt: deadline(s, at) };
}

/**
 * Ends the sessions `choose` picks (token hashes, read in the same transaction, after any change it makes) and
 * announces it there, then tells this instance: their remembered token checks are dropped (session-cache.ts)
 * and their open streams closed (stream/access-guard.ts). Returns how many ended.
 */
export async function endSessions(ctx: ServerContext, userId: string, choose: (trx: Executor) => Promise<string[]>): Promise<number> {
  const changes = await ctx.database.db.transaction().execute(async (trx) => {
    const tokenHashes = await choose(trx);
    if (tokenHashes.length === 0) return [];
    const ended: AccessChange[] = tokenHashes.map((tokenHash) => ({ type: "signed_out", userId, tokenHash }));
    await deleteSessions(trx, tokenHashes);
    for (const change of ended) await announceAccessChange(trx, ctx, change);
    return ended;
  });
  for (const change of changes) ctx.bus.accessChanged(change);
  return changes.length;
}
