// A customer texted one of our numbers. Carriers' webhooks (Twilio, Telnyx) and the simulator all end here.
// Everything happens in one transaction, so an acknowledged message is stored with all its events or not at all.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { findMessageByCarrierId } from "./messages.repository";
import { previewOf } from "./preview";
import { notFound } from "../errors";
import { withInboundStore, type InboundStore } from "./inbound-store";
import { queueInboundMedia } from "../media/inbound-media-fetch";
import { noteInboundLanguage } from "../ai/record-language";

export interface InboundSms {
  inboxId: string;
  /** The customer's number, already E.164 (callers normalise with toE164). */
  from: string;
  body: string;
  media: Message["media"];
  /** The carrier's id for this message: a retried webhook with the same id is stored once. */
  carrierMessageId: string;
  /**
   * The carrier's own reading of the text as an opt-out or opt-in (Twilio's OptOutType), for keywords our
   * list does not know; applied in the same transaction as the message, so a crash cannot keep one without the other.
   */
  carrierKeyword?: "opt_out" | "opt_in";
  /**
   * A check run first inside the transaction that stores the text (the simulator's rules); throwing refuses
   * the text, and nothing of it is written.
   */
  admit?: (store: InboundStore) => Promise<void>;
}

export interface InboundResult {
  message: Message;
  /** True when this carrierMessageId was already stored: nothing was written this time. */
  duplicate: boolean;
}

// Carrier-independent keywords (CTIA); matched against the whole message, trimmed, any case.
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const OPT_IN = new Set(["START", "UNSTOP", "YES"]);
const HELP = new Set(["HELP"]);

const keywordOf = (body: string): "opt_out" | "opt_in" | "help" | null => {
  const word = body.trim().toUpperCase();
  return OPT_OUT.has(word) ? "opt_out" : OPT_IN.has(word) ? "opt_in" : HELP.has(word) ? "help" : null;
};

/** Stores an inbound SMS, opening or reopening its conversation, and applies STOP/START/HELP. */
export async function receiveInbound(ctx: ServerContext, sms: InboundSms): Promise<InboundResult> {
  // Files on the carrier's side are fetched after the answer (media/inbound-media-fetch.ts); the job is durable first.
  if (sms.media.length > 0) await queueInboundMedia(ctx, sms.inboxId, sms.carrierMessageId, sms.media);
  try {
    return await storeInbound(ctx, sms);
  } catch (err) {
    // Two deliveries of one webhook racing (PostgreSQL, several instances): the unique index lets one win.
    const stored = isUniqueViolation(err) ? await findMessageByCarrierId(ctx.database.db, sms.inboxId, sms.carrierMessageId) : null;
    if (stored) return { message: stored, duplicate: true };
    throw err;
  }
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE";
};

async function storeInbound(ctx: ServerContext, sms: InboundSms): Promise<InboundResult> {
  let queuedReply = false;
  const result = await withInboundStore(
    ctx,
    async (tx) => {
      await sms.admit?.(tx);
      const stored = await tx.findMessageByCarrierId(sms.inboxId, sms.carrierMessageId);
      if (stored) return { message: stored, duplicate: true };
      const helpText = await tx.helpTextOf(sms.inboxId);
      if (helpText === null) throw notFound("Inbox");

      let { contact, created: contactCreated } = await tx.findOrCreateContact(sms.from);
      if (contactCreated) await tx.emit("contact.updated", contact, { action: "created" });
      const { conversation, created } = await tx.findOrCreateConversation(sms.inboxId, contact.id);
      // A known contact's first conversation in this inbox, or the customer's first text into it: its members
      // have never been sent the contact, or only without its profile (contacts/contact-profile.ts: texting an
      // inbox introduces the contact to it), so it is sent again, unchanged.
      if (!contactCreated && conversation.lastInboundAt === null) await tx.emit("contact.updated", contact);

      const message = await tx.insertMessage({
        conversationId: conversation.id,
        inboxId: sms.inboxId,
        contactId: contact.id,
        direction: "inbound",
        body: sms.body,
        media: sms.media,
        status: "received",
        authorId: null,
        clientId: null,
        carrierMessageId: sms.carrierMessageId,
      });
      await tx.emit("message.created", message, { action: "created" });

      const keyword = keywordOf(sms.body) ?? sms.carrierKeyword ?? null;
      if (keyword === "opt_out" && !contact.optedOutAt) contact = await optOut(tx, contact, message);
      if (keyword === "opt_in" && contact.optedOutAt) contact = await optIn(tx, contact);
      // HELP is answered even to an opted-out contact: carriers require it.
      const reply = keyword === "help" && helpText.trim() ? await queueHelpReply(tx, conversation, helpText) : null;
      queuedReply = reply !== null;

      const reopen = conversation.status === "resolved" || conversation.status === "snoozed";
      const last = reply ?? message;
      const next = await tx.updateConversation(conversation, {
        lastMessageAt: last.createdAt,
        lastInboundAt: message.createdAt,
        preview: previewOf(last),
        ...(reopen ? { status: "open", snoozedUntil: null } : {}),
      });
      // A new conversation gets one event carrying its final state.
      if (created) await tx.emit("conversation.created", next, { action: "created" });
      else await tx.emit("conversation.updated", next, { action: reopen ? "reopened" : null });
      return { message, duplicate: false };
    },
    { inboxId: sms.inboxId, phone: sms.from, carrierMessageId: sms.carrierMessageId, simulated: sms.admit !== undefined },
  );
  if (queuedReply) ctx.nudgeDelivery();
  if (!result.duplicate) noteInboundLanguage(ctx, result.message);
  return result;
}

async function optOut(tx: InboundStore, contact: Contact, message: Message): Promise<Contact> {
  const next = await tx.updateContact(contact, { optedOutAt: message.createdAt, optOutMessageId: message.id });
  await tx.emit("contact.updated", next, { action: "opted_out" });
  return next;
}

async function optIn(tx: InboundStore, contact: Contact): Promise<Contact> {
  const next = await tx.updateContact(contact, { optedOutAt: null, optOutMessageId: null });
  await tx.emit("contact.updated", next, { action: "opted_in" });
  return next;
}

/** The inbox's help text, queued like any outbound message but sent by the system (no author). */
async function queueHelpReply(tx: InboundStore, conversation: Conversation, helpText: string): Promise<Message> {
  const reply = await tx.insertMessage({
    conversationId: conversation.id,
    inboxId: conversation.inboxId,
    contactId: conversation.contactId,
    direction: "outbound",
    body: helpText,
    media: [],
    status: "queued",
    authorId: null,
    clientId: null,
  });
  await tx.emit("message.created", reply, { action: "created" });
  return reply;
}
