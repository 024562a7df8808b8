// SQL prepared once per SQLite connection (better-sqlite3), for the hot paths that skip Kysely's per-call building:
// the inbound store, the engine batch and reads, the webhook queue. A connection's statements go with it (WeakMap).
import type SQLite from "better-sqlite3";

export type Prepared<K extends string> = { [Key in K]: SQLite.Statement };

/** `statements(sqlite)`: each of `sql`'s statements, prepared on that connection the first time it is asked for. */
export function preparedOnce<K extends string>(sql: Record<K, string>): (sqlite: SQLite.Database) => Prepared<K> {
  const cache = new WeakMap<SQLite.Database, Prepared<K>>();
  return (sqlite) => {
    let s = cache.get(sqlite);
    if (!s) {
      s = Object.fromEntries(Object.entries<string>(sql).map(([k, text]) => [k, sqlite.prepare(text)])) as Prepared<K>;
      cache.set(sqlite, s);
    }
    return s;
  };
}
