// Outbound webhooks over HTTP, for owners and admins (agents get 403): endpoints, secret rotation, the
// delivery log, a test event and replay. Rules in webhooks.service.ts; delivery in webhook-sender.ts.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../../src/protocol/api";
import {
  WebhookDeliveriesResponse,
  WebhookDeliveryParams,
  WebhookEndpointBody,
  WebhookEndpointPatch,
  WebhookEndpointResponse,
  WebhookEndpointsResponse,
  WebhookSecretResponse,
} from "../../../src/protocol/webhooks";
import { failures, noContent } from "../../openapi/failures";
import { currentUser } from "../../auth/auth.plugin";
import { requireAdmin } from "../../auth/permissions";
import { deliveryLog, listEndpoints } from "./webhooks.repository";
import { createEndpoint, deleteEndpoint, readEndpoint, replayDelivery, rotateSecret, sendTestEvent, updateEndpoint } from "./webhooks.service";

const Queued = z.object({ messageId: z.string().optional(), deliveryId: z.string().optional() });

export async function webhookEndpointRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["webhooks"];

  app.post(
    "/webhooks",
    {
      schema: {
        tags,
        summary: "Register an endpoint (https, public address) for the chosen event types; the signing secret is in this answer only",
        body: WebhookEndpointBody,
        response: { 201: WebhookSecretResponse, ...failures(403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createEndpoint(ctx, currentUser(req), req.body)),
  );
  app.get(
    "/webhooks",
    { schema: { tags, summary: "The registered endpoints", response: { 200: WebhookEndpointsResponse, ...failures(403) } } },
    async (req) => {
      requireAdmin(currentUser(req));
      return { endpoints: await listEndpoints(ctx.database.db) };
    },
  );
  app.get(
    "/webhooks/:id",
    { schema: { tags, summary: "One endpoint", params: IdParams, response: { 200: WebhookEndpointResponse, ...failures(403, 404) } } },
    async (req) => ({ endpoint: await readEndpoint(ctx, currentUser(req), req.params.id) }),
  );
  app.patch(
    "/webhooks/:id",
    {
      schema: {
        tags,
        summary: "Change an endpoint's URL, description or event types; enabled switches it off or back on",
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpointResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ endpoint: await updateEndpoint(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.delete(
    "/webhooks/:id",
    { schema: { tags, summary: "Remove an endpoint and its log", params: IdParams, response: { ...noContent, ...failures(403, 404) } } },
    async (req, reply) => {
      await deleteEndpoint(ctx, currentUser(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/webhooks/:id/rotate-secret",
    {
      schema: {
        tags,
        summary: "A new signing secret (shown once); the old one keeps signing beside it for 24 hours",
        params: IdParams,
        response: { 200: WebhookSecretResponse, ...failures(403, 404) },
      },
    },
    async (req) => rotateSecret(ctx, currentUser(req), req.params.id),
  );
  app.get(
    "/webhooks/:id/deliveries",
    {
      schema: {
        tags,
        summary: "The endpoint's newest deliveries with every attempt's status and response excerpt",
        params: IdParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: WebhookDeliveriesResponse, ...failures(403, 404) },
      },
    },
    async (req) => {
      await readEndpoint(ctx, currentUser(req), req.params.id);
      return { deliveries: (await deliveryLog(ctx.database.db, req.params.id, req.query.limit)) as never };
    },
  );
  app.post(
    "/webhooks/:id/test",
    { schema: { tags, summary: "Send a webhook.test event to the endpoint now", params: IdParams, response: { 202: Queued, ...failures(403, 404, 409) } } },
    async (req, reply) => reply.code(202).send(await sendTestEvent(ctx, currentUser(req), req.params.id)),
  );
  app.post(
    "/webhooks/:id/deliveries/:deliveryId/replay",
    {
      schema: {
        tags,
        summary: "Send a finished delivery again (same body and webhook-id)",
        params: WebhookDeliveryParams,
        response: { 202: Queued, ...failures(403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(202).send(await replayDelivery(ctx, currentUser(req), req.params.id, req.params.deliveryId)),
  );
}
