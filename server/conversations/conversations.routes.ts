// Conversations: the list with filters and search, one thread's header, triage (status, assignee, snooze)
// and read positions. Non-members get 404 everywhere.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ConversationListQuery, ConversationListResponse, ConversationResponse, IdParams, PatchConversationBody } from "../../src/protocol/api";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { listConversations } from "./conversation-list";
import { changeConversation, findVisibleConversation, markConversationRead, withContact } from "./conversations.service";

export async function conversationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const { db } = ctx.database;

  app.get(
    "/conversations",
    {
      schema: {
        tags: ["conversations"],
        summary: "Conversations in the user's inboxes, most recent first",
        description:
          "assignee is me, unassigned or a user id; q searches contact names, phone numbers in any format and message text; pass nextCursor as cursor for the next page.",
        querystring: ConversationListQuery,
        response: { 200: ConversationListResponse, ...failures(404) },
      },
    },
    async (req) => listConversations(db, currentUser(req), req.query),
  );

  app.get(
    "/conversations/:id",
    {
      schema: {
        tags: ["conversations"],
        summary: "One conversation with its contact",
        params: IdParams,
        response: { 200: ConversationResponse, ...failures(404) },
      },
    },
    async (req) => withContact(db, currentUser(req), await findVisibleConversation(db, currentUser(req), req.params.id)),
  );

  app.patch(
    "/conversations/:id",
    {
      schema: {
        tags: ["conversations"],
        summary: "Change status, assignee or snooze time",
        description:
          "Fields left out stay as they are; a change to nothing writes no event. The assignee must be a member of the inbox; snoozedUntil must be in the future.",
        params: IdParams,
        body: PatchConversationBody,
        response: { 200: ConversationResponse, ...failures(404, 413) },
      },
    },
    async (req) => withContact(db, currentUser(req), await changeConversation(ctx, currentUser(req), req.params.id, req.body)),
  );

  app.post(
    "/conversations/:id/read",
    {
      schema: {
        tags: ["conversations"],
        summary: "Mark the conversation read up to now for the signed-in user",
        params: IdParams,
        response: { 200: ConversationResponse, ...failures(404) },
      },
    },
    async (req) => withContact(db, currentUser(req), await markConversationRead(ctx, currentUser(req), req.params.id)),
  );
}
