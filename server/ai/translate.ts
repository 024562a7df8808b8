// Translate: a customer's texts into the rep's language, and the rep's reply into the contact's language with a
// back-translation to check it by. Only the texts being translated go to the model, one per request.
import { createHash } from "node:crypto";
import type { ConversationLanguages, TranslateDraftResponse, TranslateMessagesResponse } from "../../src/protocol/ai";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import { findConversationById } from "../conversations/conversations.repository";
import { notFound } from "../errors";
import { now } from "../ids";
import { readWorkspaceSettings } from "../workspace/settings.repository";
import { contactLanguageOf, inboundTexts, storeLanguage } from "./ai.repository";
import { cachedTranslations, keepTranslation } from "./ai-locations.repository";
import { agentLanguage, requireAi } from "./ai-status";
import { withinBudget } from "./budget";
import { detectLanguage, languageName, loadLanguageDetection } from "./language";
import { AiFailure, complete } from "./model-client";
import { maxTokensFor } from "./rewrite";
import { describeMissing, missingParts, preferGsm, protectedParts, statsOf } from "./sms-guard";

async function conversationFor(ctx: ServerContext, user: AuthedUser, conversationId: string) {
  const conversation = await findConversationById(ctx.database.db, conversationId);
  if (!conversation) throw notFound("Conversation");
  requireMember(user, conversation.inboxId);
  return conversation;
}

/**
 * The languages of a conversation's inbound texts, detected now for texts not recorded yet (stored before
 * detection ran, or arrived in the last instants before the recorder's batch). The contact's language is that
 * of their latest text that tells: when that text is one detected here, it is newer than what the contact row
 * holds, so it wins (else a text read before the recorder's write would leave the contact in their old language).
 */
export async function conversationLanguages(ctx: ServerContext, user: AuthedUser, conversationId: string): Promise<ConversationLanguages> {
  const conversation = await conversationFor(ctx, user, conversationId);
  await loadLanguageDetection();
  const { db } = ctx.database;
  let contactLanguage = await contactLanguageOf(db, conversation.contactId);
  const messages: Record<string, string | null> = {};
  let newestTold = false;
  // Newest first.
  for (const m of await inboundTexts(db, conversation.id)) {
    if (m.language !== undefined && m.language !== null) {
      messages[m.id] = m.language;
      newestTold = true;
      continue;
    }
    const found = detectLanguage(m.body);
    messages[m.id] = found;
    if (!found) continue;
    const newest = !newestTold;
    await storeLanguage(db, m.id, newest ? conversation.contactId : null, found);
    if (newest) contactLanguage = found;
    newestTold = true;
  }
  return { contactLanguage, messages };
}

const hashOf = (body: string) => createHash("sha256").update(body).digest("base64url");

const RULES = "Keep every {{variable}}, link, phone number and the word STOP exactly as written. Answer with the translation only, no quotes, no notes.";

export async function translateMessages(ctx: ServerContext, user: AuthedUser, conversationId: string, ids: string[]): Promise<TranslateMessagesResponse> {
  const conversation = await conversationFor(ctx, user, conversationId);
  const setup = await requireAi(ctx);
  const to = await agentLanguage(ctx, user.id);
  const texts = await inboundTexts(ctx.database.db, conversation.id, ids);
  if (texts.length !== new Set(ids).size) throw notFound("Message");
  await loadLanguageDetection();
  // A text translated before (into this language, with this very body) is not sent to the model again.
  const kept = new Map((await cachedTranslations(ctx.database.db, ids, to)).map((c) => [c.messageId, c]));
  const translations: TranslateMessagesResponse["translations"] = [];
  for (const m of texts) {
    const bodyHash = hashOf(m.body);
    const cached = kept.get(m.id);
    if (cached?.bodyHash === bodyHash) {
      translations.push({ messageId: m.id, from: cached.fromLanguage, text: cached.text });
      continue;
    }
    const from = m.language ?? detectLanguage(m.body);
    const instruction = `Translate the customer's text message${from ? ` from ${languageName(from)}` : ""} into ${languageName(to)}. ${RULES}`;
    const done = await withinBudget(ctx, user.id, setup, () => complete(setup.endpoint, { instruction, text: m.body, maxTokens: maxTokensFor(m.body) * 2 }));
    await keepTranslation(ctx.database.db, { messageId: m.id, language: to, bodyHash, fromLanguage: from, text: done.text, createdAt: now() });
    translations.push({ messageId: m.id, from, text: done.text });
  }
  return { to, translations };
}

/** The reply in the contact's language, checked by the SMS guard, with its back-translation. */
export async function translateDraft(
  ctx: ServerContext,
  user: AuthedUser,
  input: { conversationId: string; draft: string; to?: string },
): Promise<TranslateDraftResponse> {
  const conversation = await conversationFor(ctx, user, input.conversationId);
  const setup = await requireAi(ctx);
  const to = input.to ?? (await contactLanguageOf(ctx.database.db, conversation.contactId));
  if (!to) throw new AiFailure(409, "This contact's language is not known yet (their texts were too short to tell).");
  const mine = await agentLanguage(ctx, user.id);
  const instruction = `Translate this SMS reply from a business to its customer from ${languageName(mine)} into ${languageName(to)}. ${RULES}`;
  const first = await withinBudget(ctx, user.id, setup, () =>
    complete(setup.endpoint, { instruction, text: input.draft, maxTokens: maxTokensFor(input.draft) * 2 }),
  );
  const { text: translation } = preferGsm(first.text, input.draft);
  const workspace = await readWorkspaceSettings(ctx.database.db);
  // Opt-out sentences are translated (the customer must understand them); their keyword STOP is kept by RULES.
  const kept = protectedParts(input.draft, workspace.defaultCountry).filter((p) => p.kind !== "opt-out wording");
  if (/\bSTOP\b/.test(input.draft)) kept.push({ kind: "opt-out wording", text: "STOP" });
  const missing = missingParts(translation, kept);
  if (missing.length > 0) throw new AiFailure(409, `The translation was refused: it changed or dropped ${describeMissing(missing)}.`);
  const backInstruction = `Translate this SMS from ${languageName(to)} into ${languageName(mine)}, as literally as reads naturally. ${RULES}`;
  const back = await withinBudget(ctx, user.id, setup, () =>
    complete(setup.endpoint, { instruction: backInstruction, text: translation, maxTokens: maxTokensFor(translation) * 2 }),
  );
  return { to, translation, backTranslation: back.text, before: statsOf(input.draft), after: statsOf(translation) };
}
