// Resolves a bearer token to its session: the HTTP hook (through session-cache.ts) and the stream's auth frame.
// Reading a session is using it: its last use and idle deadline move forward (sessions.ts, at most every minute).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { User } from "../../src/protocol/entities";
import { touchedSession, type SessionTimes } from "./sessions";
import { findTokenRow, memberInboxIds, touchSession } from "./sessions.repository";
import { scopeOf } from "../locations/scope";

export interface AuthedUser extends User {
  /**
   * Inboxes the user may see: the one permission boundary of Sidetext. Their memberships and every inbox
   * of the locations they administer (locations/scope.ts); owners and admins: every inbox.
   */
  inboxIds: string[];
  /** The inboxes and locations they administer (absent: none; an API key administers nothing). */
  adminInboxIds?: string[];
  adminLocationIds?: string[];
  /** The locations of the inboxes they see (the location switcher). */
  locationIds?: string[];
}

/** A stored session: its user with their memberships, and when it expires (checked by the caller). */
export interface Session {
  user: AuthedUser;
  expiresAt: string;
  /** When it was made and last used, for moving its idle deadline (sessions.ts). */
  times?: SessionTimes;
}

export async function sessionForTokenHash(db: Kysely<Database>, tokenHash: string): Promise<Session | null> {
  const row = await findTokenRow(db, tokenHash);
  if (!row) return null;
  const touched = touchedSession(row);
  if (touched) {
    await touchSession(db, tokenHash, touched);
    row.expiresAt = touched.expiresAt;
  }
  const scope = await scopeOf(db, row, await memberInboxIds(db, row.id));
  const user: AuthedUser = { id: row.id, email: row.email, name: row.name, role: row.role as User["role"], ...scope };
  const times: SessionTimes = {
    createdAt: row.createdAt,
    lastUsedAt: touched?.lastUsedAt ?? row.lastUsedAt,
    idleTimeoutMs: row.idleTimeoutMs,
    expiresAt: row.expiresAt,
  };
  return { user, expiresAt: row.expiresAt, times };
}

export const isExpired = (session: Session, at = new Date()) => session.expiresAt <= at.toISOString();

export const bearerToken = (header: string | undefined) => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m ? m[1] : null;
};
