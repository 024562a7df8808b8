// Resolves a bearer token to its session: the HTTP hook (through session-cache.ts) and the stream's auth frame.
// Reading a session is using it: its last use and idle deadline move forward (sessions.ts, at most every minute).
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { User } from "../../src/protocol/entities";
import { touchedSession, type SessionTimes } from "./sessions";

export interface AuthedUser extends User {
  /** Inboxes the user is a member of: the one permission boundary of Sidetext. */
  inboxIds: string[];
}

// Every request and stream sign-in runs these two queries: their SQL is built once per database and reused,
// since building a query with Kysely costs more than running it here (bench/ingest.ts profile).
interface TokenQueries { user: string; inboxes: string }
const built = new WeakMap<Kysely<Database>, TokenQueries>();

function tokenQueries(db: Kysely<Database>): TokenQueries {
  let queries = built.get(db);
  if (!queries) {
    queries = {
      user: db.selectFrom("apiToken")
        .innerJoin("user", "user.id", "apiToken.userId")
        .select(["user.id", "user.email", "user.name", "user.role", "apiToken.expiresAt", "apiToken.createdAt", "apiToken.lastUsedAt", "apiToken.idleTimeoutMs"])
        .where("apiToken.tokenHash", "=", "")
        .compile().sql,
      inboxes: db.selectFrom("inboxMember").select("inboxId").where("userId", "=", "").compile().sql,
    };
    built.set(db, queries);
  }
  return queries;
}

interface TokenRow extends SessionTimes { id: string; email: string; name: string; role: string }

/** A stored session: its user with their memberships, and when it expires (checked by the caller). */
export interface Session {
  user: AuthedUser;
  expiresAt: string;
  /** When it was made and last used, for moving its idle deadline (sessions.ts). */
  times?: SessionTimes;
}

export async function sessionForTokenHash(db: Kysely<Database>, tokenHash: string): Promise<Session | null> {
  const queries = tokenQueries(db);
  const { rows } = await db.executeQuery<TokenRow>(CompiledQuery.raw(queries.user, [tokenHash]));
  const row = rows[0];
  if (!row) return null;
  const touched = touchedSession(row);
  if (touched) {
    await db.updateTable("apiToken").set(touched).where("tokenHash", "=", tokenHash).execute();
    row.expiresAt = touched.expiresAt;
  }
  const inboxes = await db.executeQuery<{ inboxId: string }>(CompiledQuery.raw(queries.inboxes, [row.id]));
  const user: AuthedUser = { id: row.id, email: row.email, name: row.name, role: row.role as User["role"], inboxIds: inboxes.rows.map((i) => i.inboxId) };
  const times: SessionTimes = { createdAt: row.createdAt, lastUsedAt: touched?.lastUsedAt ?? row.lastUsedAt, idleTimeoutMs: row.idleTimeoutMs, expiresAt: row.expiresAt };
  return { user, expiresAt: row.expiresAt, times };
}

export const isExpired = (session: Session, at = new Date()) => session.expiresAt <= at.toISOString();

export const bearerToken = (header: string | undefined) => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m ? m[1] : null;
};
