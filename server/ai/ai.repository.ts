// The AI tables (migration 180): the console's endpoint, the usage counters, each rep's language, and the
// language detected on messages and contacts. Typed here, beside their only queries.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Executor } from "../db/executor";

interface AiSettingsTable {
  id: number;
  baseUrl: string | null;
  model: string | null;
  apiKeyEncrypted: string | null;
  brandVoice: string;
  dailyRequestLimit: number;
  dailyTokenLimit: number;
  perUserPerMinute: number;
  updatedAt: string;
}
interface AiUsageTable {
  key: string;
  requests: number;
  tokens: number;
  expiresAt: string;
}
interface AiPreferenceTable {
  userId: string;
  language: string;
  autoTranslate: number;
}
type AiDatabase = Database & { aiSettings: AiSettingsTable; aiUsage: AiUsageTable; aiPreference: AiPreferenceTable };
const aiDb = (db: Executor) => db as unknown as Kysely<AiDatabase>;

export type AiSettingsRow = Omit<AiSettingsTable, "id">;

export const readAiSettingsRow = (db: Executor) => aiDb(db).selectFrom("aiSettings").selectAll().where("id", "=", 1).executeTakeFirst();

export async function writeAiSettingsRow(db: Executor, row: AiSettingsRow): Promise<void> {
  await aiDb(db)
    .insertInto("aiSettings")
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

/**
 * Counts one request in the window `key` unless it already holds `limit`: true when counted. One conditional
 * upsert, so two instances (PostgreSQL) or two requests at once cannot both take the last place.
 */
export async function countRequest(db: Executor, key: string, limit: number, expiresAt: string): Promise<boolean> {
  if (limit <= 0) return false;
  const result = await aiDb(db)
    .insertInto("aiUsage")
    .values({ key, requests: 1, tokens: 0, expiresAt })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({ requests: sql`${sql.ref("aiUsage.requests")} + 1` })
        .where("aiUsage.requests", "<", limit),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function addTokens(db: Executor, key: string, tokens: number): Promise<void> {
  await aiDb(db)
    .updateTable("aiUsage")
    .set({ tokens: sql`${sql.ref("tokens")} + ${tokens}` })
    .where("key", "=", key)
    .execute();
}

export async function usageOf(db: Executor, key: string): Promise<{ requests: number; tokens: number }> {
  const row = await aiDb(db).selectFrom("aiUsage").select(["requests", "tokens"]).where("key", "=", key).executeTakeFirst();
  return { requests: Number(row?.requests ?? 0), tokens: Number(row?.tokens ?? 0) };
}

/** Windows that ended: the per-minute rows would otherwise pile up. */
export const forgetOldUsage = (db: Executor, before: string) => aiDb(db).deleteFrom("aiUsage").where("expiresAt", "<", before).execute();

export const readPreference = (db: Executor, userId: string) =>
  aiDb(db).selectFrom("aiPreference").select(["language", "autoTranslate"]).where("userId", "=", userId).executeTakeFirst();

export async function writePreference(db: Executor, userId: string, language: string, autoTranslate: boolean): Promise<void> {
  const row = { language, autoTranslate: autoTranslate ? 1 : 0 };
  await aiDb(db)
    .insertInto("aiPreference")
    .values({ userId, ...row })
    .onConflict((oc) => oc.column("userId").doUpdateSet(row))
    .execute();
}

/** Stores an inbound text's language and, when detected (and `contactId` given), makes it its contact's language. */
export async function storeLanguage(db: Executor, messageId: string, contactId: string | null, language: string | null): Promise<void> {
  await db.updateTable("message").set({ language }).where("id", "=", messageId).execute();
  if (language && contactId) await db.updateTable("contact").set({ language }).where("id", "=", contactId).execute();
}

/**
 * storeLanguage for many texts in arrival order, one statement per language found (issue 14: two statements per
 * inbound text were a third of PostgreSQL's statements per text): each contact takes its latest detected language.
 */
export async function storeLanguages(db: Executor, texts: Array<{ id: string; contactId: string; language: string | null }>): Promise<void> {
  const byLanguage = <K>(pairs: Iterable<[string, K]>) => {
    const ids = new Map<K, string[]>();
    for (const [id, language] of pairs) ids.get(language)?.push(id) ?? ids.set(language, [id]);
    return ids;
  };
  const messages = byLanguage(texts.map((t): [string, string | null] => [t.id, t.language]));
  const contactLanguage = new Map<string, string>();
  for (const t of texts) if (t.language) contactLanguage.set(t.contactId, t.language);
  const contacts = byLanguage(contactLanguage);
  for (const [language, ids] of messages) await db.updateTable("message").set({ language }).where("id", "in", ids).execute();
  for (const [language, ids] of contacts) await db.updateTable("contact").set({ language }).where("id", "in", ids).execute();
}

export const contactLanguageOf = async (db: Executor, contactId: string) =>
  (await db.selectFrom("contact").select("language").where("id", "=", contactId).executeTakeFirst())?.language ?? null;

/** The inbound texts of a conversation (all, or these ids) with their stored language. */
export function inboundTexts(db: Executor, conversationId: string, ids?: string[]) {
  let q = db
    .selectFrom("message")
    .select(["id", "body", "language", "contactId"])
    .where("conversationId", "=", conversationId)
    .where("direction", "=", "inbound");
  if (ids) q = q.where("id", "in", ids);
  return q
    .orderBy("createdAt", "desc")
    .limit(ids ? ids.length : 200)
    .execute();
}
