// The inboxes a user works in, and the teammates they share them with. Creating and changing inboxes is an
// admin's job (inboxes.admin.routes.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, InboxesResponse, InboxResponse, UsersResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { requireMember } from "../auth/permissions";
import { notFound } from "../errors";
import { listUsers } from "../users/users.repository";
import { findInboxById, findInboxes } from "./inboxes.repository";

export async function inboxRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  app.get(
    "/inboxes",
    {
      schema: {
        tags: ["inboxes"],
        summary: "The inboxes the signed-in user sees: their memberships and every inbox of the locations they administer",
        response: { 200: InboxesResponse, ...failures() },
      },
    },
    async (req) => ({ inboxes: await findInboxes(db, currentUser(req).inboxIds) }),
  );

  app.get(
    "/inboxes/:id",
    {
      schema: { tags: ["inboxes"], summary: "One inbox (members only; others get 404)", params: IdParams, response: { 200: InboxResponse, ...failures(404) } },
    },
    async (req) => {
      requireMember(currentUser(req), req.params.id, "Inbox");
      const inbox = await findInboxById(db, req.params.id);
      if (!inbox) throw notFound("Inbox");
      return { inbox };
    },
  );

  app.get(
    "/users",
    {
      schema: { tags: ["inboxes"], summary: "Everyone in the workspace: teammates to assign and mention", response: { 200: UsersResponse, ...failures() } },
    },
    async () => ({ users: await listUsers(db) }),
  );
}
