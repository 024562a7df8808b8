// The rules of a user's push settings: devices are their own (another user's device is "not found"), a
// conversation is muted only by someone who may read it, and a push endpoint must be a real push service's
// (https; a local test service on http only when the config allows it).
import type { PushSubscriptionBody } from "../../src/protocol/push";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import { AppError, notFound } from "../errors";
import { findConversationById } from "../conversations/conversations.repository";
import { deleteDevice, mute, saveSubscription, unmute } from "./push.repository";

export async function subscribeDevice(ctx: ServerContext, user: AuthedUser, body: PushSubscriptionBody, userAgent: string | undefined) {
  const protocol = new URL(body.endpoint).protocol;
  if (protocol !== "https:" && !(protocol === "http:" && ctx.config.pushAllowHttp)) {
    throw new AppError("validation_failed", "endpoint must be an https: URL of a browser's push service");
  }
  return saveSubscription(ctx.database.db, {
    userId: user.id,
    endpoint: body.endpoint,
    p256dh: body.keys.p256dh,
    auth: body.keys.auth,
    label: body.label ?? null,
    userAgent: userAgent?.slice(0, 300) || null,
  });
}

export async function removeDevice(ctx: ServerContext, user: AuthedUser, id: string): Promise<void> {
  if (!(await deleteDevice(ctx.database.db, user.id, id))) throw notFound("Device");
}

export async function setMuted(ctx: ServerContext, user: AuthedUser, conversationId: string, muted: boolean): Promise<void> {
  const conversation = await findConversationById(ctx.database.db, conversationId);
  if (!conversation) throw notFound("Conversation");
  requireMember(user, conversation.inboxId);
  await (muted ? mute : unmute)(ctx.database.db, user.id, conversationId);
}
