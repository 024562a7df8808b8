// The hookSource rows: one per outside tool, with its mapping and the SHA-256 of its URL's secret.
import type { Kysely } from "kysely";
import type { Executor } from "../../db/executor";
import type { Database } from "../../db/schema";

interface HookSourceTable {
  id: string;
  name: string;
  secretHash: string;
  mapping: string;
  createdBy: string;
  createdAt: string;
}
const sourcesDb = (db: Executor) => db as unknown as Kysely<Database & { hookSource: HookSourceTable }>;

export async function insertHookSource(db: Executor, row: HookSourceTable) {
  await sourcesDb(db).insertInto("hookSource").values(row).execute();
}

/** Every source, oldest first, without its secret's hash. */
export const listHookSources = (db: Executor) =>
  sourcesDb(db).selectFrom("hookSource").select(["id", "name", "mapping", "createdAt"]).orderBy("createdAt").execute();

/** True when a source was removed; false when there was none. */
export async function deleteHookSource(db: Executor, id: string) {
  const done = await sourcesDb(db).deleteFrom("hookSource").where("id", "=", id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

export const hookSourceById = (db: Executor, id: string) => sourcesDb(db).selectFrom("hookSource").selectAll().where("id", "=", id).executeTakeFirst();
