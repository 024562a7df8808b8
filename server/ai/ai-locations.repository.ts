// Migration 270's tables: each location's brand voice (with HQ's "location may edit" switch) and the cache
// of customers' texts translated. Typed here, beside their only queries (like ai.repository.ts).
import type { Kysely } from "kysely";
import type { Executor } from "../db/executor";
import type { Database } from "../db/schema";

interface AiLocationVoiceTable {
  locationId: string;
  brandVoice: string;
  locationMayEdit: number;
  updatedAt: string;
  updatedBy: string | null;
}
interface AiTranslationTable {
  messageId: string;
  language: string;
  bodyHash: string;
  fromLanguage: string | null;
  text: string;
  createdAt: string;
}
type Tables = Database & { aiLocationVoice: AiLocationVoiceTable; aiTranslation: AiTranslationTable };
const aiDb = (db: Executor) => db as unknown as Kysely<Tables>;

export type LocationVoiceRow = AiLocationVoiceTable;

export const locationVoiceRows = (db: Executor) => aiDb(db).selectFrom("aiLocationVoice").selectAll().execute();

export const locationVoiceRow = (db: Executor, locationId: string) =>
  aiDb(db).selectFrom("aiLocationVoice").selectAll().where("locationId", "=", locationId).executeTakeFirst();

export async function writeLocationVoiceRow(db: Executor, row: LocationVoiceRow): Promise<void> {
  const { locationId: _, ...set } = row;
  await aiDb(db)
    .insertInto("aiLocationVoice")
    .values(row)
    .onConflict((oc) => oc.column("locationId").doUpdateSet(set))
    .execute();
}

/** The location of a conversation (through its inbox), with its name for the rep's messages. */
export const locationOfConversation = (db: Executor, conversationId: string) =>
  db
    .selectFrom("conversation")
    .innerJoin("inbox", "inbox.id", "conversation.inboxId")
    .innerJoin("location", "location.id", "inbox.locationId")
    .select(["conversation.inboxId", "location.id as locationId", "location.name as locationName"])
    .where("conversation.id", "=", conversationId)
    .executeTakeFirst();

export const cachedTranslations = (db: Executor, messageIds: string[], language: string) =>
  messageIds.length === 0
    ? Promise.resolve([])
    : aiDb(db).selectFrom("aiTranslation").selectAll().where("messageId", "in", messageIds).where("language", "=", language).execute();

export async function keepTranslation(db: Executor, row: AiTranslationTable): Promise<void> {
  const { messageId: _m, language: _l, ...set } = row;
  await aiDb(db)
    .insertInto("aiTranslation")
    .values(row)
    .onConflict((oc) => oc.columns(["messageId", "language"]).doUpdateSet(set))
    .execute();
}

/**
 * Forgets kept translations of texts the database no longer holds (retention redacted or deleted them, see
 * server/audit/retention-job.ts) and those older than `before`: the cache must not outlive the original.
 * Walks the cache (small), not the messages.
 */
export async function forgetStaleTranslations(db: Executor, before: string): Promise<number> {
  const result = await aiDb(db)
    .deleteFrom("aiTranslation")
    .where((eb) =>
      eb.or([
        eb("createdAt", "<", before),
        eb.not(eb.exists(eb.selectFrom("message").select("message.id").whereRef("message.id", "=", "aiTranslation.messageId").where("message.body", "<>", ""))),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
