// Inbound events over HTTP: other apps (with an API key scoped events:write, or a signed-in user) report what
// happened to a contact; the contact's timeline lists them. Rules in record-event.ts.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../../src/protocol/api";
import { ContactEvent, InboundEventBody } from "../../../src/protocol/contact-events";
import { failures } from "../../openapi/failures";
import { currentUser } from "../../auth/auth.plugin";
import { findContactById } from "../../contacts/contacts.repository";
import { notFound } from "../../errors";
import { contactInInboxes, contactTimeline } from "./events.repository";
import { recordContactEvent } from "./record-event";

const Recorded = z.object({ event: ContactEvent });

export async function inboundEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["events"];

  app.post(
    "/events",
    {
      schema: {
        tags,
        summary: "Report an event about a contact (lead.created, appointment.booked…): upserts the contact by phone and puts the event on its timeline",
        description: "Idempotent by idempotencyKey: the same key answers 200 with the first event and writes nothing.",
        body: InboundEventBody,
        response: { 201: Recorded, 200: Recorded, ...failures(403) },
      },
    },
    async (req, reply) => {
      const { event, created } = await recordContactEvent(ctx, currentUser(req), req.body);
      return reply.code(created ? 201 : 200).send({ event });
    },
  );
  app.get(
    "/contacts/:id/events",
    {
      schema: {
        tags,
        summary: "A contact's reported events, newest first",
        params: IdParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ events: z.array(ContactEvent) }), ...failures(404) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const contact = await findContactById(ctx.database.db, req.params.id);
      // Admins and API keys see every contact; an agent those with a conversation in one of their inboxes.
      const seen = user.role !== "agent" || "apiKey" in user || (await contactInInboxes(ctx.database.db, req.params.id, user.inboxIds));
      if (!contact || !seen) throw notFound("Contact");
      return { events: await contactTimeline(ctx.database.db, contact.id, req.query.limit) };
    },
  );
}
