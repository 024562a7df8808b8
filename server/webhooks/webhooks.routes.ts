// Carrier webhooks under /webhooks: each carrier in its own encapsulated plugin, so its body parser
// (Twilio's forms, Telnyx's raw JSON for the signature) applies to its route only.
import type { FastifyInstance } from "fastify";
import { twilioWebhook } from "./twilio-webhook";
import { telnyxWebhook } from "./telnyx-webhook";

export async function webhookRoutes(app: FastifyInstance) {
  await app.register(twilioWebhook);
  await app.register(telnyxWebhook);
}
