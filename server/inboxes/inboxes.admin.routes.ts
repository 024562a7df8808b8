// Creating and changing inboxes, with their carrier credentials: owners and admins only (the rules:
// inboxes.service.ts). Credentials go in and are never sent back: the Inbox entity has no field for them.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, InboxBody, InboxPatchBody, InboxResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { createInboxAs, updateInboxAs } from "./inboxes.service";

export async function inboxAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/inboxes",
    {
      schema: {
        tags: ["inboxes"],
        summary:
          "Create an inbox on a carrier (owners and admins). Twilio credentials: {accountSid, authToken}; Telnyx: {apiKey, publicKey, messagingProfileId?}",
        body: InboxBody,
        response: { 201: InboxResponse, ...failures(403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send({ inbox: await createInboxAs(app.ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/inboxes/:id",
    {
      schema: {
        tags: ["inboxes"],
        summary: "Change an inbox's name, number, help text, members or credentials (owners; admins for the inboxes they are members of)",
        params: IdParams,
        body: InboxPatchBody,
        response: { 200: InboxResponse, ...failures(403, 404, 409) },
      },
    },
    async (req) => ({ inbox: await updateInboxAs(app.ctx, currentUser(req), req.params.id, req.body) }),
  );
}
