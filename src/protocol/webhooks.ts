// Outbound webhooks (Standard Webhooks): the admin's endpoints, the secret shown once, the delivery log.
// Requests are strict, as in api.ts.
import { z } from "zod";
import { isoTime } from "./entities";

export const webhookEventTypes = [
  "message.created",
  "message.updated",
  "conversation.created",
  "conversation.updated",
  "conversation.assigned",
  "conversation.resolved",
  "contact.created",
  "contact.updated",
  "contact.opted_out",
  "contact.opted_in",
  "note.created",
  "sla.breached",
] as const;

const EventTypes = z
  .array(z.enum(webhookEventTypes))
  .min(1, "choose at least one event type")
  .max(webhookEventTypes.length * 2);

export const WebhookEndpointBody = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  description: z.string().trim().max(300).optional(),
  eventTypes: EventTypes,
});
export const WebhookEndpointPatch = z.strictObject({
  url: z.string().trim().min(1).max(2000).optional(),
  description: z.string().trim().max(300).optional(),
  eventTypes: EventTypes.optional(),
  /** false switches the endpoint off (queued deliveries dropped); true switches it back on (also after a 410). */
  enabled: z.boolean().optional(),
});

const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  disabledAt: isoTime.nullable(),
  disabledReason: z.string().nullable(),
  previousSecretUntil: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export const WebhookEndpointResponse = z.object({ endpoint: WebhookEndpoint });
export const WebhookEndpointsResponse = z.object({ endpoints: z.array(WebhookEndpoint) });
/** The signing secret (whsec_…) is in this answer only: it is stored sealed and never shown again. */
export const WebhookSecretResponse = z.object({ endpoint: WebhookEndpoint, secret: z.string() });

const Attempt = z.object({
  at: isoTime,
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
  durationMs: z.number(),
});
export const WebhookDeliveriesResponse = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      messageId: z.string(),
      eventType: z.string(),
      status: z.enum(["pending", "delivered", "failed", "cancelled"]),
      attempts: z.number(),
      nextAttemptAt: isoTime.nullable(),
      lastError: z.string().nullable(),
      createdAt: isoTime,
      doneAt: isoTime.nullable(),
      attemptLog: z.array(Attempt),
    }),
  ),
});
export const WebhookDeliveryParams = z.strictObject({ id: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });
