// Creating and changing inboxes, with their carrier credentials: owners and admins only (the rules:
// inboxes.service.ts). Credentials go in and are never sent back: the Inbox entity has no field for them.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, InboxBody, InboxPatchBody, InboxResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { InboxMemberParams, ManagedInboxesResponse } from "../../src/protocol/admin";
import { createInboxAs, managedInboxesOf, setInboxMemberAs, updateInboxAs } from "./inboxes.service";

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

  app.get(
    "/admin/inboxes",
    {
      schema: {
        tags: ["inboxes"],
        summary: "The inboxes an owner (all) or admin (their own) manages, each with the webhook URL to paste into the carrier's console",
        response: { 200: ManagedInboxesResponse, ...failures(403) },
      },
    },
    async (req) => ({ inboxes: await managedInboxesOf(app.ctx, currentUser(req)) }),
  );

  app.put(
    "/inboxes/:id/members/:userId",
    {
      schema: {
        tags: ["inboxes"],
        summary: "Make a teammate a member of an inbox (as PATCH /inboxes/:id allows); already a member is no change",
        params: InboxMemberParams,
        response: { 200: InboxResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ inbox: await setInboxMemberAs(app.ctx, currentUser(req), req.params.id, req.params.userId, true) }),
  );

  app.delete(
    "/inboxes/:id/members/:userId",
    {
      schema: {
        tags: ["inboxes"],
        summary: "Remove a teammate from an inbox (as PATCH /inboxes/:id allows); not a member is no change",
        params: InboxMemberParams,
        response: { 200: InboxResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ inbox: await setInboxMemberAs(app.ctx, currentUser(req), req.params.id, req.params.userId, false) }),
  );
}
