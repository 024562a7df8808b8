// Owners and admins add teammates and change their name or role (users.service.ts holds the rules about owners).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import { UserBody, UserPatchBody, UserResponse } from "../../src/protocol/account";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { changeUser, createUser } from "./users.service";

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/users",
    {
      schema: {
        tags: ["inboxes"],
        summary: "Add a teammate with a first password they then change (owners and admins; only an owner adds an owner)",
        body: UserBody,
        response: { 201: UserResponse, ...failures(403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send({ user: await createUser(app.ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags: ["inboxes"],
        summary: "Change a teammate's name or role (owners and admins; only an owner changes an owner or makes one; the last owner stays an owner)",
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserResponse, ...failures(403, 404, 409) },
      },
    },
    async (req) => ({ user: await changeUser(app.ctx, currentUser(req), req.params.id, req.body) }),
  );
}
