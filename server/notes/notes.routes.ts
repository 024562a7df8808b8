// Private notes over HTTP, limited per user (the rules: notes.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, NoteBody, NoteResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { perUserLimit } from "../auth/per-user-limit";
import { addNote } from "./notes.service";

export async function noteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const noteLimit = perUserLimit(app, ctx.config.noteRateLimit, "notes");

  app.post(
    "/conversations/:id/notes",
    {
      schema: {
        tags: ["notes"],
        summary: "Add a private note (mentions with @firstname or @email)",
        params: IdParams,
        body: NoteBody,
        response: { 201: NoteResponse, ...failures(404, 413, 429) },
      },
      preHandler: noteLimit,
    },
    async (req, reply) => reply.code(201).send({ note: await addNote(ctx, currentUser(req), req.params.id, req.body.body) }),
  );
}
