// Rewrite a draft (fix, shorten, friendlier, more professional, simpler, the brand voice). Only the draft goes
// to the model. Its answer is checked by the SMS guard before the rep sees it; the rep accepts, edits or
// discards it, and nothing is ever sent from here.
import type { RewriteAction, RewriteResponse } from "../../src/protocol/ai";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { readWorkspaceSettings } from "../workspace/settings.repository";
import { requireAi } from "./ai-status";
import { brandVoiceFor } from "./brand-voice";
import { withinBudget } from "./budget";
import { AiFailure, complete } from "./model-client";
import { describeMissing, missingParts, newNonGsm, preferGsm, protectedParts, statsOf } from "./sms-guard";

const TASKS: Record<RewriteAction, string> = {
  fix: "Fix spelling, grammar and punctuation only. Change nothing else: same words, same tone, same length.",
  shorten: "Make it shorter. Keep every fact, date, time, price and request.",
  friendlier: "Make it warmer and friendlier, still brief and natural for a text message.",
  professional: "Make it more professional and courteous, still brief.",
  simplify: "Use simple, everyday words and short sentences that anyone can understand.",
  brand: "Rewrite it in the business's brand voice, described here: ",
};

function instructionFor(action: RewriteAction, brandVoice: string, fitChars: number | null): string {
  return [
    "You edit SMS text messages that a business sends to a customer. The user message is the draft, and nothing else.",
    `Task: ${TASKS[action]}${action === "brand" ? brandVoice : ""}`,
    "Rules: answer with the rewritten message only, no quotes, no explanation. Write in the draft's language.",
    "Keep every {{variable}}, link, phone number and any opt-out sentence (such as 'Reply STOP to opt out.') exactly as written.",
    "Use plain punctuation: straight quotes ' and \", a hyphen -, three dots ...; add no emoji.",
    fitChars ? `It must fit in ${fitChars} characters.` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

export async function rewriteDraft(
  ctx: ServerContext,
  user: AuthedUser,
  input: { draft: string; action: RewriteAction; fitSegments?: number; conversationId?: string },
): Promise<RewriteResponse> {
  const setup = await requireAi(ctx);
  const { voice } = await brandVoiceFor(ctx, user, setup, input.conversationId);
  if (input.action === "brand" && !voice.trim())
    throw new AiFailure(409, "No brand voice is set for this location or the workspace yet; an admin can write one in Admin console → AI.");
  const workspace = await readWorkspaceSettings(ctx.database.db);
  const { draft } = input;
  const before = statsOf(draft);
  const fitChars = input.fitSegments ? charsFor(input.fitSegments, before.encoding) : null;
  const completion = await withinBudget(ctx, user.id, setup, () =>
    complete(setup.endpoint, { instruction: instructionFor(input.action, voice, fitChars), text: draft, maxTokens: maxTokensFor(draft) }),
  );

  const { text, normalised } = preferGsm(completion.text, draft);
  const missing = missingParts(text, protectedParts(draft, workspace.defaultCountry, workspace.optOutText));
  if (missing.length > 0)
    throw new AiFailure(409, `The rewrite was refused: it changed or dropped ${describeMissing(missing)}. Your draft is unchanged.`, null, {
      missing: missing.map((m) => m.text),
    });
  const added = newNonGsm(text, draft);
  if (before.encoding === "GSM-7" && added.length > 0)
    throw new AiFailure(409, `The rewrite was refused: it added ${added.join(" ")}, which would send it as UCS-2 (70 characters a segment instead of 160).`);
  const after = statsOf(text);
  if (input.fitSegments && after.segments > input.fitSegments)
    throw new AiFailure(409, `The rewrite takes ${after.segments} SMS, more than the ${input.fitSegments} you asked for. Try "Shorten", or edit it by hand.`);
  return { text, before, after, normalised };
}

/** Characters N segments hold (GSM-7 160/153, UCS-2 70/67 per part). */
const charsFor = (segments: number, encoding: "GSM-7" | "UCS-2") =>
  encoding === "GSM-7" ? (segments === 1 ? 160 : 153 * segments) : segments === 1 ? 70 : 67 * segments;

/** Room for an answer a little longer than the draft (a token is ~4 characters of English, fewer elsewhere). */
export const maxTokensFor = (text: string) => Math.min(2000, 64 + Math.ceil(text.length * 0.75));
