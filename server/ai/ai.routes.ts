// AI rewrite and translate over HTTP (issue 19). Reps: status, their language, rewrite, translate. Owners and
// admins: the endpoint, brand voice and budget (the key is write-only). Model failures answer with the status
// and sentence of an AiFailure (model-client.ts), and a Retry-After when waiting helps.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  AiConfigPatch,
  AiConfigResponse,
  AiPreferencesPatch,
  AiStatus,
  ConversationLanguages,
  RewriteRequest,
  RewriteResponse,
  TranslateDraftRequest,
  TranslateDraftResponse,
  TranslateMessagesRequest,
  TranslateMessagesResponse,
} from "../../src/protocol/ai";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin } from "../auth/permissions";
import { errorBody } from "../errors";
import { failures } from "../openapi/failures";
import { aiAdminRoutes } from "./ai-admin.routes";
import { changeAiConfig, describeAiConfig } from "./ai-config";
import { aiStatusFor, changePreferences } from "./ai-status";
import { AiFailure } from "./model-client";
import { rewriteDraft } from "./rewrite";
import { conversationLanguages, translateDraft, translateMessages } from "./translate";

const codeOf = (status: AiFailure["status"]) => (status === 409 ? "conflict" : status === 429 ? "rate_limited" : "internal");

export async function aiRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  app.setErrorHandler((err, _req, reply) => {
    if (!(err instanceof AiFailure)) throw err; // the app's own handler answers everything else
    if (err.retryAfterSeconds) reply.header("retry-after", String(err.retryAfterSeconds));
    return reply.code(err.status).send(errorBody(codeOf(err.status), err.message, err.details));
  });
  const tags = ["ai"];
  await app.register(aiAdminRoutes);

  app.get(
    "/ai/status",
    { schema: { tags, summary: "Whether AI is on, its actions, and my language settings", response: { 200: AiStatus, ...failures() } } },
    async (req) => aiStatusFor(ctx, currentUser(req)),
  );
  app.patch(
    "/ai/preferences",
    {
      schema: {
        tags,
        summary: "My language and whether to translate texts automatically",
        body: AiPreferencesPatch,
        response: { 200: AiStatus, ...failures() },
      },
    },
    async (req) => changePreferences(ctx, currentUser(req), req.body),
  );
  app.post(
    "/ai/rewrite",
    {
      schema: {
        tags,
        summary: "Rewrite a draft (only the draft is sent to the model); refused when it loses a variable, link, number or opt-out wording",
        body: RewriteRequest,
        response: { 200: RewriteResponse, ...failures(409, 429) },
      },
    },
    async (req) => rewriteDraft(ctx, currentUser(req), req.body),
  );
  app.get(
    "/ai/conversations/:conversationId/languages",
    {
      schema: {
        tags,
        summary: "The detected language of each inbound text and of the contact",
        params: z.object({ conversationId: z.string() }),
        response: { 200: ConversationLanguages, ...failures(404) },
      },
    },
    async (req) => conversationLanguages(ctx, currentUser(req), req.params.conversationId),
  );
  app.post(
    "/ai/translate",
    {
      schema: {
        tags,
        summary: "Translate customers' texts into my language",
        body: TranslateMessagesRequest,
        response: { 200: TranslateMessagesResponse, ...failures(404, 429) },
      },
    },
    async (req) => translateMessages(ctx, currentUser(req), req.body.conversationId, req.body.messageIds),
  );
  app.post(
    "/ai/translate-draft",
    {
      schema: {
        tags,
        summary: "My draft in the contact's language, with a back-translation to review (nothing is sent)",
        body: TranslateDraftRequest,
        response: { 200: TranslateDraftResponse, ...failures(404, 409, 429) },
      },
    },
    async (req) => translateDraft(ctx, currentUser(req), req.body),
  );

  app.get(
    "/admin/ai",
    {
      schema: {
        tags,
        summary: "The model endpoint, brand voice and budget (owners and admins; never the key)",
        response: { 200: AiConfigResponse, ...failures(403) },
      },
    },
    async (req) => {
      requireAdmin(currentUser(req));
      return { config: await describeAiConfig(ctx) };
    },
  );
  app.patch(
    "/admin/ai",
    {
      schema: {
        tags,
        summary: "Change the model endpoint, key (write-only), brand voice or budget",
        body: AiConfigPatch,
        response: { 200: AiConfigResponse, ...failures(403) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      requireAdmin(user);
      return { config: await changeAiConfig(ctx, req.body, user.id) };
    },
  );
}
