// Private notes: team-only comments in a thread, never sent to the customer. "@alice" or "@alice@demo.test"
// mentions a teammate who can see the conversation.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, NoteBody, NoteResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import type { Note, User } from "../../src/protocol/entities";
import { currentUser } from "../auth/auth.plugin";
import { AppError } from "../errors";
import { findVisibleConversation } from "../conversations/conversations.service";
import { inTransaction } from "../events/transaction";
import { newId, now } from "../ids";
import { findInboxById } from "../inboxes/inboxes.repository";
import { listUsers } from "../users/users.repository";
import { insertNote } from "./notes.repository";

export async function noteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const noteLimit = app.rateLimit({
    max: ctx.config.noteRateLimit,
    timeWindow: 60_000,
    keyGenerator: (req) => currentUser(req).id,
    errorResponseBuilder: (_req, limit) => new AppError("rate_limited", `Too many notes: at most ${limit.max} a minute each; try again in ${limit.after}`),
  });

  app.post("/conversations/:id/notes", {
    schema: { tags: ["notes"], summary: "Add a private note (mentions with @firstname or @email)", params: IdParams, body: NoteBody, response: { 201: NoteResponse, ...failures(404, 413, 429) } },
    preHandler: noteLimit,
  }, async (req, reply) => {
    const user = currentUser(req);
    const note = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
      const conversation = await findVisibleConversation(tx.db, user, req.params.id);
      const members = new Set((await findInboxById(tx.db, conversation.inboxId))?.memberIds ?? []);
      const teammates = (await listUsers(tx.db)).filter((u) => members.has(u.id));
      const note: Note = {
        id: newId("note"), conversationId: conversation.id, inboxId: conversation.inboxId, authorId: user.id,
        body: req.body.body, mentions: mentionsIn(req.body.body, teammates), createdAt: now(),
      };
      await insertNote(tx.db, note);
      await tx.emit("note.created", note, { actorId: user.id, action: "created" });
      return note;
    });
    return reply.code(201).send({ note });
  });
}

/** Ids of the users named in the text as @firstname or @email, each once, in order of first mention. */
export function mentionsIn(text: string, users: User[]): string[] {
  const ids: string[] = [];
  for (const [, raw] of text.matchAll(/(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g)) {
    const handle = raw.replace(/\.+$/, "").toLowerCase();
    const user = users.find((u) => u.email.toLowerCase() === handle || u.name.split(/\s+/)[0].toLowerCase() === handle);
    if (user && !ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}
