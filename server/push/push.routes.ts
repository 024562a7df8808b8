// Web Push over HTTP: the server's public key, the user's devices, mutes and do-not-disturb hours (rules:
// push.service.ts). Each user sees and changes only their own.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams } from "../../src/protocol/api";
import {
  MuteParams,
  MutesResponse,
  PushDeviceResponse,
  PushDevicesResponse,
  PushKeyResponse,
  PushSubscriptionBody,
  QuietHoursBody,
  QuietHoursResponse,
} from "../../src/protocol/push";
import { failures, noContent } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { devicesOf, mutedConversationIds, quietHoursOf, saveQuietHours } from "./push.repository";
import { removeDevice, setMuted, subscribeDevice } from "./push.service";

export function pushRoutes(publicKey: () => Promise<string>) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const { ctx } = app;
    const tags = ["push"];

    app.get(
      "/push/key",
      { schema: { tags, summary: "The VAPID public key to subscribe with (applicationServerKey)", response: { 200: PushKeyResponse, ...failures() } } },
      async () => ({ publicKey: await publicKey() }),
    );
    app.post(
      "/push/subscriptions",
      {
        schema: {
          tags,
          summary: "Push new texts to this device: the browser's PushSubscription (subscribing again replaces it)",
          body: PushSubscriptionBody,
          response: { 201: PushDeviceResponse, ...failures() },
        },
      },
      async (req, reply) => reply.code(201).send({ device: await subscribeDevice(ctx, currentUser(req), req.body, req.headers["user-agent"]) }),
    );
    app.get(
      "/push/subscriptions",
      { schema: { tags, summary: "The devices the user gets pushes on", response: { 200: PushDevicesResponse, ...failures() } } },
      async (req) => ({ devices: await devicesOf(ctx.database.db, currentUser(req).id) }),
    );
    app.delete(
      "/push/subscriptions/:id",
      { schema: { tags, summary: "Stop pushing to one of the user's devices", params: IdParams, response: { ...noContent, ...failures(404) } } },
      async (req, reply) => {
        await removeDevice(ctx, currentUser(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      "/push/mutes",
      { schema: { tags, summary: "Conversations the user muted (no pushes for them)", response: { 200: MutesResponse, ...failures() } } },
      async (req) => ({ conversationIds: await mutedConversationIds(ctx.database.db, currentUser(req).id) }),
    );
    for (const [method, muted] of [
      ["put", true],
      ["delete", false],
    ] as const) {
      app[method](
        "/push/mutes/:id",
        {
          schema: {
            tags,
            summary: muted ? "Mute a conversation: no pushes for it to this user" : "Unmute a conversation",
            params: MuteParams,
            response: { ...noContent, ...failures(404) },
          },
        },
        async (req, reply) => {
          await setMuted(ctx, currentUser(req), req.params.id, muted);
          return reply.code(204).send(null);
        },
      );
    }

    app.get(
      "/push/quiet-hours",
      { schema: { tags, summary: "The user's do-not-disturb hours (null: none)", response: { 200: QuietHoursResponse, ...failures() } } },
      async (req) => ({ quietHours: await quietHoursOf(ctx.database.db, currentUser(req).id) }),
    );
    app.put(
      "/push/quiet-hours",
      {
        schema: {
          tags,
          summary: "Set the user's do-not-disturb hours in their time zone (null turns them off)",
          body: QuietHoursBody,
          response: { 200: QuietHoursResponse, ...failures() },
        },
      },
      async (req) => {
        await saveQuietHours(ctx.database.db, currentUser(req).id, req.body.quietHours);
        return { quietHours: req.body.quietHours };
      },
    );
  };
}
