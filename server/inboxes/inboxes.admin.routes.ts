// Creating and changing inboxes, with their carrier credentials: owners and admins only. Credentials go in
// and are never sent back: the Inbox entity has no field for them. An owner manages every inbox; an admin
// only the inboxes they are a member of (others answer 404, as to any non-member) and works in those they create.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, InboxBody, InboxPatchBody, InboxResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin, requireMember } from "../auth/permissions";
import { AppError } from "../errors";
import { createInbox, updateInbox } from "./inboxes.service";

export async function inboxAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post("/inboxes", {
    schema: {
      tags: ["inboxes"],
      summary: "Create an inbox on a carrier (owners and admins). Twilio credentials: {accountSid, authToken}; Telnyx: {apiKey, publicKey, messagingProfileId?}",
      body: InboxBody,
      response: { 201: InboxResponse, ...failures(403, 409) },
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    requireAdmin(user);
    if (user.role === "admin" && req.body.memberIds && !req.body.memberIds.includes(user.id)) {
      throw new AppError("validation_failed", "memberIds: an admin manages only the inboxes they are a member of, so include your own id (or ask an owner)");
    }
    // Whoever creates an inbox works in it unless they name the members themselves.
    const inbox = await createInbox(app.ctx, { ...req.body, memberIds: req.body.memberIds ?? [user.id] });
    return reply.code(201).send({ inbox });
  });

  app.patch("/inboxes/:id", {
    schema: {
      tags: ["inboxes"],
      summary: "Change an inbox's name, number, help text, members or credentials (owners; admins for the inboxes they are members of)",
      params: IdParams,
      body: InboxPatchBody,
      response: { 200: InboxResponse, ...failures(403, 404, 409) },
    },
  }, async (req) => {
    const user = currentUser(req);
    requireAdmin(user);
    if (user.role !== "owner") requireMember(user, req.params.id, "Inbox");
    return { inbox: await updateInbox(app.ctx, req.params.id, req.body) };
  });
}
