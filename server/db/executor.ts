import { PostgresAdapter, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

/** Repositories take a database or a transaction first, so services decide the transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

const postgres = new WeakMap<object, boolean>();

/** Whether `db` speaks to PostgreSQL, remembered per adapter (asked on every feed read and every write). */
export function isPostgres(db: Executor): boolean {
  const { adapter } = db.getExecutor();
  let pg = postgres.get(adapter);
  if (pg === undefined) postgres.set(adapter, (pg = adapter instanceof PostgresAdapter));
  return pg;
}
