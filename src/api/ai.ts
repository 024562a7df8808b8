// The Inbox API's AI calls (server/ai/ai.routes.ts), for the worker's ai.* commands.
import type { z } from "zod";
import {
  type AiPreferencesPatch,
  AiStatus,
  ConversationLanguages,
  type RewriteRequest,
  RewriteResponse,
  type TranslateDraftRequest,
  TranslateDraftResponse,
  TranslateMessagesResponse,
} from "../protocol/ai";
import type { ApiResult } from "./errors";

type Call = <S extends z.ZodType>(method: "get" | "post" | "patch", path: string, schema: S, init?: { json?: unknown }) => Promise<ApiResult<z.infer<S>>>;

export const aiApi = (call: Call) => ({
  status: () => call("get", "v1/ai/status", AiStatus),
  setPreferences: (patch: z.infer<typeof AiPreferencesPatch>) => call("patch", "v1/ai/preferences", AiStatus, { json: patch }),
  rewrite: (body: z.infer<typeof RewriteRequest>) => call("post", "v1/ai/rewrite", RewriteResponse, { json: body }),
  languages: (conversationId: string) => call("get", `v1/ai/conversations/${encodeURIComponent(conversationId)}/languages`, ConversationLanguages),
  translate: (conversationId: string, messageIds: string[]) =>
    call("post", "v1/ai/translate", TranslateMessagesResponse, { json: { conversationId, messageIds } }),
  translateDraft: (body: z.infer<typeof TranslateDraftRequest>) => call("post", "v1/ai/translate-draft", TranslateDraftResponse, { json: body }),
});
