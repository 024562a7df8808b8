// PATCH /v1/contacts/:id/tags: add and remove a contact's tags (reps who may see the contact, admins, API
// keys scoped contacts:write). The inbox list filters by tag with GET /v1/conversations?tag=.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import { ContactTagsPatch, ContactTagsResponse } from "../../src/protocol/contact-tags";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { tagContact } from "./contact-tags";

export async function contactTagRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.patch(
    "/contacts/:id/tags",
    {
      schema: {
        tags: ["contacts"],
        summary: "Add and remove a contact's tags",
        description: "Tags are trimmed and lowercased; adding a tag it has or removing one it lacks changes nothing. A change is a contact.updated event.",
        params: IdParams,
        body: ContactTagsPatch,
        response: { 200: ContactTagsResponse, ...failures(400, 404) },
      },
    },
    async (req) => ({ contact: await tagContact(app.ctx, currentUser(req), req.params.id, req.body) }),
  );
}
