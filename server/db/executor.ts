import { PostgresAdapter, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

/** Repositories take a database or a transaction first, so services decide the transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

const postgres = new WeakMap<object, boolean>();

/**
 * A read that a write will be built from. On PostgreSQL writers take no global lock (issue 14), so inside a
 * transaction the row is locked (`FOR UPDATE`) until commit: a concurrent writer waits and then reads what
 * this one wrote, instead of overwriting it with a stale copy (lost update, or an event with a stale field).
 * Outside a transaction, and on SQLite (one writer at a time), the query is unchanged.
 */
export function forWrite<Q extends { forUpdate(): Q }>(db: Executor, query: Q): Q {
  return db.isTransaction && isPostgres(db) ? query.forUpdate() : query;
}

/** Whether `db` speaks to PostgreSQL, remembered per adapter (asked on every feed read and every write). */
export function isPostgres(db: Executor): boolean {
  const { adapter } = db.getExecutor();
  let pg = postgres.get(adapter);
  if (pg === undefined) {
    pg = adapter instanceof PostgresAdapter;
    postgres.set(adapter, pg);
  }
  return pg;
}
