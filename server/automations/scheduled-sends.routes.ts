// Send later (any member of the conversation's inbox), the recipient as the pre-send check sees them, and
// the workspace's quiet hours (members read them, owners and admins set them).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import {
  QuietHours,
  QuietHoursResponse,
  RecipientCheckResponse,
  ScheduledSendPatch,
  ScheduledSendResponse,
  ScheduledSendsResponse,
  ScheduleSendBody,
} from "../../src/protocol/scheduled-sends";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { cancelScheduledSend, changeScheduledSend, quietHoursFor, recipientOf, scheduledSendsOf, scheduleSend, setQuietHours } from "./scheduled-sends.service";

export async function scheduledSendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["scheduled sends"];
  app.post(
    "/conversations/:id/scheduled",
    {
      schema: {
        tags,
        summary: "Send a reply later: stored on the server, sent once at sendAt unless what cancelOn names happens first (or an opt-out)",
        params: IdParams,
        body: ScheduleSendBody,
        response: { 201: ScheduledSendResponse, ...failures(404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send({ scheduled: await scheduleSend(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.get(
    "/conversations/:id/scheduled",
    {
      schema: {
        tags,
        summary: "The conversation's waiting sends and those that ended in the last day",
        params: IdParams,
        response: { 200: ScheduledSendsResponse, ...failures(404) },
      },
    },
    async (req) => ({ scheduled: await scheduledSendsOf(ctx, currentUser(req), req.params.id) }),
  );
  app.patch(
    "/scheduled/:id",
    {
      schema: {
        tags,
        summary: "Change a waiting send's text or time",
        params: IdParams,
        body: ScheduledSendPatch,
        response: { 200: ScheduledSendResponse, ...failures(403, 404, 409) },
      },
    },
    async (req) => ({ scheduled: await changeScheduledSend(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.delete(
    "/scheduled/:id",
    { schema: { tags, summary: "Cancel a waiting send", params: IdParams, response: { 200: ScheduledSendResponse, ...failures(403, 404, 409) } } },
    async (req) => ({ scheduled: await cancelScheduledSend(ctx, currentUser(req), req.params.id) }),
  );
  app.get(
    "/conversations/:id/recipient",
    {
      schema: {
        tags,
        summary: "The recipient for a pre-send check: local time, quiet hours there, opt-out, line type",
        params: IdParams,
        response: { 200: RecipientCheckResponse, ...failures(404) },
      },
    },
    async (req) => ({ recipient: await recipientOf(ctx, currentUser(req), req.params.id) }),
  );
  app.get("/quiet-hours", { schema: { tags, summary: "The workspace's quiet hours", response: { 200: QuietHoursResponse } } }, async () => ({
    quietHours: await quietHoursFor(ctx),
  }));
  app.put(
    "/quiet-hours",
    {
      schema: {
        tags,
        summary: "Set quiet hours: automated texts outside the window (recipient's local time) wait until it opens",
        body: QuietHours,
        response: { 200: QuietHoursResponse, ...failures(403) },
      },
    },
    async (req) => ({ quietHours: await setQuietHours(ctx, currentUser(req), req.body) }),
  );
}
