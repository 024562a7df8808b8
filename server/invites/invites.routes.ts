// Invites over HTTP (rules: invites.service.ts). Accepting is public: the link's token is the credential.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import {
  AcceptInviteBody,
  AcceptInviteResponse,
  CreatedInviteResponse,
  InviteBody,
  InvitePreviewResponse,
  InvitesResponse,
  InviteTokenParams,
} from "../../src/protocol/invites";
import { failures, noContent } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { acceptInvite, createInvite, listInvites, previewInvite, revokeInvite } from "./invites.service";

export async function inviteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["users"];

  app.post(
    "/invites",
    {
      schema: {
        tags,
        summary: "Invite someone by link with a role; the link is in this answer only (owners and admins; only an owner invites an owner)",
        body: InviteBody,
        response: { 201: CreatedInviteResponse, ...failures(403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await createInvite(ctx, currentUser(req), req.body)),
  );
  app.get(
    "/invites",
    { schema: { tags, summary: "Invites, newest first, with their state (owners and admins)", response: { 200: InvitesResponse, ...failures(403) } } },
    async (req) => ({ invites: await listInvites(ctx, currentUser(req)) }),
  );
  app.delete(
    "/invites/:id",
    {
      schema: {
        tags,
        summary: "Revoke an invite: its link stops working (owners and admins)",
        params: IdParams,
        response: { ...noContent, ...failures(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await revokeInvite(ctx, currentUser(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    "/invites/:token/preview",
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "What an invite link is for (email, role, until when, from whom), before joining (no token needed)",
        security: [],
        params: InviteTokenParams,
        response: { 200: InvitePreviewResponse, ...failures(404, 429) },
      },
    },
    async (req) => ({ invite: await previewInvite(ctx, req.params.token) }),
  );
  app.post(
    "/invites/:token/accept",
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Join through an invite link: choose a name and password, and be signed in (no token needed)",
        security: [],
        params: InviteTokenParams,
        body: AcceptInviteBody,
        response: { 201: AcceptInviteResponse, ...failures(404, 409, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await acceptInvite(ctx, req.params.token, req.body, req.headers["user-agent"])),
  );
}
