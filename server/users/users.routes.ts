// Owners and admins add teammates and change their name or role (users.service.ts holds the rules about owners).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import { UserBody, UserPatchBody, UserResponse } from "../../src/protocol/account";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { TeammateResponse, TeammatesResponse } from "../../src/protocol/admin";
import { requireSomeAdmin } from "../auth/permissions";
import { changeUser, createUser, setDeactivated, unlockTeammate } from "./users.service";
import { listTeammates } from "./users.repository";
import { managesTeammate } from "./teammate-scope";

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

  app.get(
    "/admin/users",
    {
      schema: {
        tags: ["inboxes"],
        summary:
          "Everyone in the workspace with when they joined and whether they are deactivated (owners and admins; a location admin: the agents of their locations)",
        response: { 200: TeammatesResponse, ...failures(403) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      requireSomeAdmin(user);
      const { db } = app.ctx.database;
      const all = await listTeammates(db, new Date().toISOString());
      if (user.role !== "agent") return { users: all };
      const managed = await Promise.all(all.map((t) => managesTeammate(db, user, t)));
      return { users: all.filter((t, i) => managed[i] || t.id === user.id) };
    },
  );

  for (const [action, deactivated] of [
    ["deactivate", true],
    ["reactivate", false],
  ] as const) {
    app.post(
      `/users/:id/${action}`,
      {
        schema: {
          tags: ["inboxes"],
          summary: deactivated
            ? "Deactivate a teammate: they are signed out everywhere and cannot sign in (owners and admins; only an owner for an owner; not yourself)"
            : "Let a deactivated teammate sign in again (owners and admins; only an owner for an owner)",
          params: IdParams,
          response: { 200: TeammateResponse, ...failures(403, 404, 409) },
        },
      },
      async (req) => ({ user: await setDeactivated(app.ctx, currentUser(req), req.params.id, deactivated) }),
    );
  }

  app.post(
    "/users/:id/unlock",
    {
      schema: {
        tags: ["inboxes"],
        summary: "End a teammate's lock after too many failed sign-ins (owners and admins; only an owner for an owner)",
        params: IdParams,
        response: { 200: TeammateResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ user: await unlockTeammate(app.ctx, currentUser(req), req.params.id) }),
  );
}
