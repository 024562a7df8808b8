// The export's page of events as positional rows, in EVENT_COLUMNS' order. On SQLite the page's SQL (the same query
// as exportPage builds: filters, twins, keyset) runs through better-sqlite3's raw mode, which hands back arrays:
// no Kysely row objects, no key lookups per cell (a sixth of the export's CPU went on reading its pages).
import type { Db } from "../db/database";
import { exportPage, type AuditFilter, type AuditKey, type ExportEvent } from "./audit.repository";

/** seq, type, action, actorId, inboxId, conversationId, contactId, data, createdAt. */
export type EventTuple = [number, string, string | null, string | null, string | null, string | null, string | null, string, string];

export async function exportTuples(database: Pick<Db, "db" | "sqlite">, f: AuditFilter, key: AuditKey | null, limit: number): Promise<EventTuple[]> {
  const query = exportPage(database.db, f, key, limit);
  if (database.sqlite) {
    const { sql, parameters } = query.compile();
    return database.sqlite
      .prepare(sql)
      .raw(true)
      .all(...parameters) as EventTuple[];
  }
  return (await query.execute()).map((e: ExportEvent) => [
    Number(e.seq),
    e.type,
    e.action,
    e.actorId,
    e.inboxId,
    e.conversationId,
    e.contactId,
    e.data,
    e.createdAt,
  ]);
}
