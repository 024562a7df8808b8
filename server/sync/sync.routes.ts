// How a client's cache starts and stays current: a bootstrap snapshot with the cursor it is valid at, then
// the feed of events after that cursor. Both show only what the user may see.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { BootstrapQuery, BootstrapResponse, SyncQuery, SyncResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import type { AuthedUser } from "../auth/authenticate";
import { currentUser } from "../auth/auth.plugin";
import type { Executor } from "../db/executor";
import { headSeq, readFeed } from "../events/feed";
import { contactsOf } from "../conversations/conversation-list";
import { eventsSeenBy } from "../contacts/contact-profile";
import { toConversation } from "../conversations/conversations.repository";
import { findInboxes } from "../inboxes/inboxes.repository";
import { listTemplates } from "../templates/templates.repository";
import { listUsers, toUser } from "../users/users.repository";
import { assertCursorValid } from "./retention";

export async function syncRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  app.get(
    "/bootstrap",
    {
      schema: {
        tags: ["sync"],
        summary: "A snapshot to start a cache: the user, teammates, inboxes, templates and recent conversations",
        description: "Then follow /sync (or the stream) from cursor. limit caps the conversations (default 5000, most recent first).",
        querystring: BootstrapQuery,
        response: { 200: BootstrapResponse, ...failures() },
      },
    },
    async (req) => bootstrap(db, currentUser(req), req.query.limit ?? 5000),
  );

  app.get(
    "/sync",
    {
      schema: {
        tags: ["sync"],
        summary: "Events after a cursor, oldest first",
        description: "Apply the events, then ask again with the returned cursor while hasMore. 410 cursor_expired: bootstrap again.",
        querystring: SyncQuery,
        response: { 200: SyncResponse, ...failures(410) },
      },
    },
    async (req) => {
      await assertCursorValid(db, req.query.after);
      const page = await readFeed(db, currentUser(req), req.query.after, req.query.limit ?? 500);
      return { ...page, events: await eventsSeenBy(db, currentUser(req), page.events) }; // contacts' profiles: contact-profile.ts
    },
  );
}

async function bootstrap(db: Executor, user: AuthedUser, limit: number) {
  // The cursor is read before the snapshot: a change made meanwhile is both in the snapshot and replayed
  // after the cursor (events are upserts), never missed.
  const cursor = await headSeq(db);
  const conversations = user.inboxIds.length
    ? (
        await db
          .selectFrom("conversation")
          .selectAll()
          .where("inboxId", "in", user.inboxIds)
          .orderBy((eb) => eb.fn.coalesce("lastMessageAt", "createdAt"), "desc")
          .orderBy("id", "desc")
          .limit(limit)
          .execute()
      ).map(toConversation)
    : [];
  return {
    cursor,
    me: toUser(user),
    users: await listUsers(db),
    inboxes: await findInboxes(db, user.inboxIds),
    templates: await listTemplates(db, user.inboxIds),
    conversations,
    contacts: await contactsOf(db, conversations, user),
  };
}
