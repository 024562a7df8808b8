// The apiKey rows: made, listed, revoked, found by id, their last use noted.
import type { Kysely } from "kysely";
import type { Executor } from "../../db/executor";
import type { Database } from "../../db/schema";
import { now } from "../../ids";

interface ApiKeyTable {
  id: string;
  name: string;
  scopes: string;
  secretHash: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
type KeysDb = Kysely<Database & { apiKey: ApiKeyTable }>;
const keysDb = (db: Executor) => db as unknown as KeysDb;
const shownColumns = ["id", "name", "scopes", "createdBy", "createdAt", "lastUsedAt", "revokedAt"] as const;

export async function insertApiKey(db: Executor, row: ApiKeyTable) {
  await keysDb(db).insertInto("apiKey").values(row).execute();
}

/** Every key, oldest first, without its secret's hash. */
export const listApiKeys = (db: Executor) => keysDb(db).selectFrom("apiKey").select(shownColumns).orderBy("createdAt").execute();

/** True when a live key was revoked; false when there is no such key or it was revoked already. */
export async function revokeApiKey(db: Executor, id: string) {
  const done = await keysDb(db).updateTable("apiKey").set({ revokedAt: now() }).where("id", "=", id).where("revokedAt", "is", null).executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

export const apiKeyById = (db: Executor, id: string) => keysDb(db).selectFrom("apiKey").selectAll().where("id", "=", id).executeTakeFirst();

export async function markApiKeyUsed(db: Executor, id: string, at: string) {
  await keysDb(db).updateTable("apiKey").set({ lastUsedAt: at }).where("id", "=", id).execute();
}

export const allInboxIds = async (db: Executor) => (await db.selectFrom("inbox").select("id").execute()).map((i) => i.id);

export const keyCreator = (db: Executor, userId: string) => db.selectFrom("user").select(["id", "email"]).where("id", "=", userId).executeTakeFirst();
