// The admin side of AI beyond the endpoint (ai.routes.ts): brand voices per location — HQ writes them and
// decides whether a location may write its own (brand-voice.ts) — and "Test connection".
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AiConnectionTest, LocationBrandVoicePatch, LocationBrandVoiceResponse, LocationBrandVoicesResponse } from "../../src/protocol/ai";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin } from "../auth/permissions";
import { failures } from "../openapi/failures";
import { readAiSetup } from "./ai-config";
import { changeLocationVoice, locationVoices } from "./brand-voice";
import { testConnection } from "./test-connection";

export async function aiAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["ai"];

  app.get(
    "/admin/ai/brand-voices",
    {
      schema: {
        tags,
        summary: "Each location's brand voice (HQ: every location; a location's admins: theirs) and the workspace's, which applies where none is set",
        response: { 200: LocationBrandVoicesResponse, ...failures(403) },
      },
    },
    async (req) => locationVoices(ctx, currentUser(req), await readAiSetup(ctx)),
  );
  app.patch(
    "/admin/ai/brand-voices/:locationId",
    {
      schema: {
        tags,
        summary: "Set a location's brand voice (HQ, or its admins when HQ allows) or whether its admins may (HQ only)",
        params: z.object({ locationId: z.string().min(1).max(100) }),
        body: LocationBrandVoicePatch,
        response: { 200: LocationBrandVoiceResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ voice: await changeLocationVoice(ctx, currentUser(req), req.params.locationId, req.body) }),
  );
  app.post(
    "/admin/ai/test",
    {
      schema: {
        tags,
        summary: "Send one tiny request to the endpoint as saved and report the service's answer or its error (owners and admins)",
        response: { 200: AiConnectionTest, ...failures(403) },
      },
    },
    async (req) => {
      requireAdmin(currentUser(req));
      return testConnection(ctx);
    },
  );
}
