// A conversation's timeline, replies in it, and texts to any number.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, MessagesQuery, MessagesResponse, NewMessageBody, NewMessageResponse, SendMessageBody, SendMessageResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { findVisibleConversation } from "../conversations/conversations.service";
import { sendMessage, sendToNumber } from "./send-message";
import { readTimeline } from "./timeline.repository";
import { withFreshMediaLinks } from "../media/media.service";
import { perUserLimit } from "../auth/per-user-limit";
import { z } from "zod";
import { TemplateMessageBody } from "../../src/protocol/template-message";
import { draftFromTemplate } from "../integrations/api-keys/template-message";

export async function messageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const { db } = ctx.database;
  // One budget per user for both ways of sending.
  const sendLimit = perUserLimit(app, ctx.config.sendRateLimit, "texts");

  app.get(
    "/conversations/:id/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "The conversation's messages, notes and activity, newest page first",
        description: "Each list is in time order. For the page before, pass the oldest createdAt shown as before.",
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: MessagesResponse, ...failures(404) },
      },
    },
    async (req) => withFreshMediaLinks(ctx, await readTimeline(db, await findVisibleConversation(db, currentUser(req), req.params.id), req.query)),
  );

  app.post(
    "/conversations/:id/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "Reply in the conversation: the message is queued for the carrier",
        description:
          "201 with the queued message; the same clientId again answers 200 with the original message and sends nothing. 409 opted_out when the contact opted out.",
        params: IdParams,
        body: SendMessageBody,
        response: { 200: SendMessageResponse, 201: SendMessageResponse, ...failures(404, 409, 413, 429) },
      },
      preHandler: sendLimit,
    },
    async (req, reply) => {
      const { message, created } = await sendMessage(ctx, currentUser(req), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send({ message });
    },
  );

  app.post(
    "/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "Text any number from one of your inboxes, starting a conversation when there is none",
        description: "`to` may be written any way a person writes it; country (default US) says how to read a national number.",
        // Or a saved template with values for its variables (issue 16: other apps send through API keys).
        body: z.union([NewMessageBody, TemplateMessageBody]),
        response: { 200: NewMessageResponse, 201: NewMessageResponse, ...failures(404, 409, 413, 429) },
      },
      preHandler: sendLimit,
    },
    async (req, reply) => {
      const user = currentUser(req);
      const draft = "templateId" in req.body ? await draftFromTemplate(ctx, user, req.body) : req.body;
      const { created, ...sent } = await sendToNumber(ctx, user, draft);
      return reply.code(created ? 201 : 200).send(sent);
    },
  );
}
