// Kysely's SQLite driver, left alone, would prepare every query anew; preparing (parsing and planning the SQL)
// is a large part of a small query's cost. Kysely sends the same SQL text for the same query shape, so the
// database handed to it (db/database.ts) caches statements by text here and reuses them.
import type SQLite from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

const MAX_STATEMENTS = 500;

export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      // A statement still iterating (Kysely's streamed queries) cannot run twice at once: use a fresh one.
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
