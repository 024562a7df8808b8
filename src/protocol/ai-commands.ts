// The views' AI commands (src/protocol/messages.ts spreads them into Command): the worker asks the server
// (server/ai), which alone holds the model endpoint and its key.
import { z } from "zod";
import {
  AiPreferencesPatch,
  RewriteRequest,
  TranslateDraftRequest,
  TranslateMessagesRequest,
  type AiStatus,
  type ConversationLanguages,
  type RewriteResponse,
  type TranslateDraftResponse,
  type TranslateMessagesResponse,
} from "./ai";

export const aiCommands = [
  /** Whether AI is on (its controls hidden otherwise), its actions, the rep's language settings. */
  z.object({ type: z.literal("ai.status") }),
  z.object({ type: z.literal("ai.preferences"), preferences: AiPreferencesPatch }),
  /** Only the draft goes to the model; the answer comes back for the rep to accept, edit or discard. */
  RewriteRequest.extend({ type: z.literal("ai.rewrite") }),
  z.object({ type: z.literal("ai.languages"), conversationId: z.string().min(1).max(100) }),
  TranslateMessagesRequest.extend({ type: z.literal("ai.translate") }),
  TranslateDraftRequest.extend({ type: z.literal("ai.translateDraft") }),
] as const;

export interface AiCommandData {
  "ai.status": AiStatus;
  "ai.preferences": AiStatus;
  "ai.rewrite": RewriteResponse;
  "ai.languages": ConversationLanguages;
  "ai.translate": TranslateMessagesResponse;
  "ai.translateDraft": TranslateDraftResponse;
}
