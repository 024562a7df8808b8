// The SQL of sign-in sessions (apiToken rows, keyed by the token's hash) and of failed sign-ins.
import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import type { Database, ApiTokenTable, LoginFailureTable } from "../db/schema";
import type { Executor } from "../db/executor";
import type { SessionTimes } from "./sessions";

export async function insertSession(db: Executor, row: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto("apiToken").values(row).execute();
}

export async function deleteExpiredSessionsOf(db: Executor, userId: string, at: string): Promise<void> {
  await db.deleteFrom("apiToken").where("userId", "=", userId).where("expiresAt", "<=", at).execute();
}

export async function deleteSessions(db: Executor, tokenHashes: string[]): Promise<void> {
  await db.deleteFrom("apiToken").where("tokenHash", "in", tokenHashes).execute();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("apiToken").where("tokenHash", "=", tokenHash).execute();
}

/** The token hashes of a user's sessions, but for `except` (null: all of them). */
export async function sessionsOf(db: Executor, userId: string, except: string | null): Promise<string[]> {
  let query = db.selectFrom("apiToken").select("tokenHash").where("userId", "=", userId);
  if (except) query = query.where("tokenHash", "!=", except);
  return (await query.execute()).map((r) => r.tokenHash);
}

/** A user's sessions that have not expired at `at`, most recently used first. */
export const liveSessionsOf = (db: Executor, userId: string, at: string) =>
  db
    .selectFrom("apiToken")
    .select(["id", "tokenHash", "userAgent", "createdAt", "lastUsedAt", "expiresAt"])
    .where("userId", "=", userId)
    .where("expiresAt", ">", at)
    .orderBy("lastUsedAt", "desc")
    .orderBy("createdAt", "desc")
    .execute();

export async function tokenHashOfSession(db: Executor, id: string, userId: string): Promise<string | undefined> {
  return (await db.selectFrom("apiToken").select("tokenHash").where("id", "=", id).where("userId", "=", userId).executeTakeFirst())?.tokenHash;
}

export async function touchSession(db: Executor, tokenHash: string, touched: Pick<SessionTimes, "lastUsedAt" | "expiresAt">): Promise<void> {
  await db.updateTable("apiToken").set(touched).where("tokenHash", "=", tokenHash).execute();
}

// Every request and stream sign-in runs these two queries: their SQL is built once per database and reused,
// since building a query with Kysely costs more than running it here (bench/ingest.ts profile).
interface TokenQueries {
  user: string;
  inboxes: string;
}
const built = new WeakMap<Kysely<Database>, TokenQueries>();

function tokenQueries(db: Kysely<Database>): TokenQueries {
  let queries = built.get(db);
  if (!queries) {
    queries = {
      user: db
        .selectFrom("apiToken")
        .innerJoin("user", "user.id", "apiToken.userId")
        .select([
          "user.id",
          "user.email",
          "user.name",
          "user.role",
          "apiToken.expiresAt",
          "apiToken.createdAt",
          "apiToken.lastUsedAt",
          "apiToken.idleTimeoutMs",
        ])
        .where("apiToken.tokenHash", "=", "")
        .compile().sql,
      inboxes: db.selectFrom("inboxMember").select("inboxId").where("userId", "=", "").compile().sql,
    };
    built.set(db, queries);
  }
  return queries;
}

export interface TokenRow extends SessionTimes {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** The session's user and times by the token's hash. */
export async function findTokenRow(db: Kysely<Database>, tokenHash: string): Promise<TokenRow | undefined> {
  const { rows } = await db.executeQuery<TokenRow>(CompiledQuery.raw(tokenQueries(db).user, [tokenHash]));
  return rows[0];
}

export async function memberInboxIds(db: Kysely<Database>, userId: string): Promise<string[]> {
  const inboxes = await db.executeQuery<{ inboxId: string }>(CompiledQuery.raw(tokenQueries(db).inboxes, [userId]));
  return inboxes.rows.map((i) => i.inboxId);
}

export const findLoginFailure = (db: Executor, userId: string) => db.selectFrom("loginFailure").selectAll().where("userId", "=", userId).executeTakeFirst();

export async function saveLoginFailure(db: Executor, exists: boolean, row: Insertable<LoginFailureTable>): Promise<void> {
  const { userId, ...values } = row;
  if (exists) await db.updateTable("loginFailure").set(values).where("userId", "=", userId).execute();
  else await db.insertInto("loginFailure").values(row).execute();
}

export async function deleteLoginFailures(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom("loginFailure").where("userId", "=", userId).execute();
}

/** When these sessions expire; a signed-out one is missing. */
export const sessionExpiries = (db: Executor, tokenHashes: string[]) =>
  db.selectFrom("apiToken").select(["tokenHash", "expiresAt"]).where("tokenHash", "in", tokenHashes).execute();
