// Sending a text: queued in one transaction with its events, then the delivery worker is nudged. The client's
// clientId makes it idempotent: the same key from the same user returns the first message, even when two
// requests race (the unique index message_client decides, and the loser answers with the winner's message).
import type { Conversation, Message } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { inTransaction, type Tx } from "../events/transaction";
import { findContactById, findOrCreateContact } from "../contacts/contacts.repository";
import { contactSeenBy } from "../contacts/contact-profile";
import { findConversation, findOrCreateConversation, updateConversation } from "../conversations/conversations.repository";
import { findVisibleConversation } from "../conversations/conversations.service";
import { findMessageByClientId, insertMessage } from "./messages.repository";
import { previewOf } from "./preview";
import { assertPublicMediaUrls } from "./media-urls";
import { attachableMedia } from "../media/media.service";
import { findInboxCarrier } from "../inboxes/inboxes.repository";

export interface OutboundDraft {
  body: string;
  mediaUrls?: string[];
  /** Stored media (POST /v1/media, a template's files): sent as signed links to our copy. */
  mediaIds?: string[];
  clientId: string;
}

/**
 * Queues an outbound message inside an open transaction: stores it, emits message.created and moves the
 * conversation's preview. Returns the updated conversation; the caller emits its one event for the transaction.
 */
async function queueOutbound(
  tx: Tx,
  conversation: Conversation,
  draft: { body: string; media: Message["media"]; authorId: string | null; clientId: string | null },
) {
  const message = await insertMessage(tx.db, {
    conversationId: conversation.id,
    inboxId: conversation.inboxId,
    contactId: conversation.contactId,
    direction: "outbound",
    status: "queued",
    ...draft,
  });
  await tx.emit("message.created", message, { actorId: draft.authorId, action: "created" });
  const next = await updateConversation(tx.db, conversation, { lastMessageAt: message.createdAt, preview: previewOf(message) });
  return { message, conversation: next };
}

/** A reply in an existing conversation. `created` is false when this clientId was already sent. */
export async function sendMessage(
  ctx: ServerContext,
  user: AuthedUser,
  conversationId: string,
  draft: OutboundDraft,
): Promise<{ message: Message; created: boolean }> {
  await assertPublicMediaUrls(draft.mediaUrls ?? [], ctx.config.resolveMediaHost);
  const isSameSend = async (prior: Message, db: Executor) => {
    await findVisibleConversation(db, user, conversationId);
    return prior.conversationId === conversationId && sameContent(prior, draft);
  };
  return idempotent(ctx, user, draft.clientId, isSameSend, async (tx) => {
    const conversation = await findVisibleConversation(tx.db, user, conversationId);
    const contact = await findContactById(tx.db, conversation.contactId);
    // The conversation is the user's: its contact's opt-out is theirs to see, the name only where introduced.
    if (contact?.optedOutAt) {
      const { name } = await contactSeenBy(tx.db, user, contact);
      throw new AppError("opted_out", `${name ?? "This contact"} has opted out of texts; they can text START to opt back in`, {
        contactId: contact.id,
        optedOutAt: contact.optedOutAt,
      });
    }
    const media = await mediaOf(ctx, tx, user, conversation.inboxId, draft);
    const queued = await queueOutbound(tx, conversation, { body: draft.body, media, authorId: user.id, clientId: draft.clientId });
    await tx.emit("conversation.updated", queued.conversation, { actorId: user.id, action: null });
    return queued.message;
  });
}

export interface NewConversationDraft extends OutboundDraft {
  inboxId: string;
  to: string;
  country?: string;
}

/** A text to any number from one of the user's inboxes: the contact and conversation are created when new. */
export async function sendToNumber(ctx: ServerContext, user: AuthedUser, draft: NewConversationDraft) {
  requireMember(user, draft.inboxId, "Inbox");
  const phone = toE164(draft.to, draft.country);
  if (!phone)
    throw new AppError("validation_failed", `"${draft.to}" is not a phone number we can text`, [{ path: "/to", message: "not a possible phone number" }]);
  await assertPublicMediaUrls(draft.mediaUrls ?? [], ctx.config.resolveMediaHost);
  const isSameSend = async (prior: Message, db: Executor) =>
    prior.inboxId === draft.inboxId && sameContent(prior, draft) && (await findContactById(db, prior.contactId))?.phoneNumber === phone;
  const { message, created } = await idempotent(ctx, user, draft.clientId, isSameSend, async (tx) => {
    const found = await findOrCreateContact(tx.db, phone);
    // Said the same whoever the number belongs to: the refusal must not tell who that is (contact-profile.ts).
    if (found.contact.optedOutAt) throw new AppError("opted_out", "This number has opted out of texts; they can text START to opt back in");
    if (found.created) await tx.emit("contact.updated", found.contact, { actorId: user.id, action: "created" });
    const { conversation, created: isNew } = await findOrCreateConversation(tx.db, draft.inboxId, found.contact.id);
    // A known contact's first conversation in this inbox: its members were never sent the contact (as inbound does).
    if (isNew && !found.created) await tx.emit("contact.updated", found.contact, { actorId: user.id, action: null });
    const media = await mediaOf(ctx, tx, user, draft.inboxId, draft);
    const queued = await queueOutbound(tx, conversation, { body: draft.body, media, authorId: user.id, clientId: draft.clientId });
    if (isNew) await tx.emit("conversation.created", queued.conversation, { actorId: user.id, action: "created" });
    else await tx.emit("conversation.updated", queued.conversation, { actorId: user.id, action: null });
    return queued.message;
  });
  const { db } = ctx.database;
  const contact = await contactSeenBy(db, user, (await findContactById(db, message.contactId))!);
  const conversation = (await findConversation(db, message.inboxId, message.contactId))!;
  return { message, conversation, contact, created };
}

/**
 * Runs `send` unless this user already used `clientId`: then answers with that message when it is the same
 * send, or 409 when the key was used for something else.
 */
async function idempotent(
  ctx: ServerContext,
  user: AuthedUser,
  clientId: string,
  isSameSend: (prior: Message, db: Executor) => Promise<boolean>,
  send: (tx: Tx) => Promise<Message>,
): Promise<{ message: Message; created: boolean }> {
  const replay = async (db: Executor) => {
    const prior = await findMessageByClientId(db, user.id, clientId);
    if (!prior) return null;
    if (!(await isSameSend(prior, db))) throw new AppError("conflict", "This clientId was already used for a different message", { messageId: prior.id });
    return { message: prior, created: false };
  };
  try {
    const result = await inTransaction(ctx.database.db, ctx.bus, async (tx) => (await replay(tx.db)) ?? { message: await send(tx), created: true });
    if (result.created) ctx.nudgeDelivery();
    return result;
  } catch (err) {
    // A concurrent request with the same key committed first: answer with its message.
    const prior = isClientIdConflict(err) ? await replay(ctx.database.db) : null;
    if (prior) return prior;
    throw err;
  }
}

/** Stored media first (checked against the inbox's carrier limits), then outside URLs as given. */
async function mediaOf(ctx: ServerContext, tx: Tx, user: AuthedUser, inboxId: string, draft: OutboundDraft): Promise<Message["media"]> {
  const carrier = (await findInboxCarrier(tx.db, inboxId))?.carrier ?? null;
  const stored = await attachableMedia(ctx, tx.db, user, draft.mediaIds ?? [], carrier);
  return [...stored, ...(draft.mediaUrls ?? []).map((url) => ({ url, contentType: null }))];
}
const sameContent = (m: Message, draft: OutboundDraft) =>
  m.body === draft.body &&
  JSON.stringify(m.media.filter((x) => !x.id).map((x) => x.url)) === JSON.stringify(draft.mediaUrls ?? []) &&
  JSON.stringify(m.media.flatMap((x) => (x.id ? [x.id] : []))) === JSON.stringify(draft.mediaIds ?? []);

function isClientIdConflict(err: unknown): boolean {
  const e = err as { code?: string; message?: string; constraint?: string };
  if (e?.code === "SQLITE_CONSTRAINT_UNIQUE") return /message\.authorId, message\.clientId/.test(e.message ?? "");
  return e?.code === "23505" && e.constraint === "message_client";
}
