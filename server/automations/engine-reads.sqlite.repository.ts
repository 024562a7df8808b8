// The engine's per-event reads on SQLite, inside an engine stretch's transaction (engine.ts): better-sqlite3
// statements prepared once per database, as the batch's writes are (./engine-batch.sqlite.repository.ts). Through
// Kysely each was built per text or per stretch, and conversationsByIds had a new statement text for each count of
// ids, so each stretch prepared it anew. Only inside the stretch's own
// transaction, which holds Kysely's one connection: the raw handle then reads what that transaction sees.
import type SQLite from "better-sqlite3";
import { preparedOnce } from "../db/prepared-statements";
import type { Conversation } from "../../src/protocol/entities";
import { toConversation } from "../conversations/conversations.repository";

const SQL = {
  // Each conversation's first inbound text (createdAt, then id: as ./automations.repository.ts isFirstInbound), for a
  // stretch's conversations at once.
  firstInboundIds: `SELECT "j"."value" AS "conversationId", (SELECT "id" FROM "message" WHERE "conversationId" = "j"."value" AND "direction" = 'inbound' ORDER BY "createdAt", "id" LIMIT 1) AS "id" FROM json_each(?) AS "j"`,
  // One statement text for any number of ids: they come as one JSON array.
  conversationsByIds: `SELECT * FROM "conversation" WHERE "id" IN (SELECT "value" FROM json_each(?))`,
} as const;

const statements = preparedOnce(SQL);

/** Each conversation's first inbound text (null: none yet), one statement for all of them. */
export function sqliteFirstInboundIds(sqlite: SQLite.Database, conversationIds: string[]): Map<string, string | null> {
  const rows = statements(sqlite).firstInboundIds.all(JSON.stringify(conversationIds)) as Array<{ conversationId: string; id: string | null }>;
  return new Map(rows.map((r) => [r.conversationId, r.id]));
}

export function sqliteConversationsByIds(sqlite: SQLite.Database, ids: string[]): Map<string, Conversation> {
  const found = new Map<string, Conversation>();
  for (const row of statements(sqlite).conversationsByIds.all(JSON.stringify(ids)) as Parameters<typeof toConversation>[0][])
    found.set(row.id, toConversation(row));
  return found;
}
