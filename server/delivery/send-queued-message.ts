// Sends one queued outbound message. The row is claimed (queued → sending) in its own transaction before
// the carrier is called, so two workers, or one worker twice, can never hand the same message over twice.
import type { Message } from "../../src/protocol/entities";
import type { SendResult } from "../carriers/carrier";
import type { ServerContext } from "../context";
import { carrierFor } from "../carriers/registry";
import { noteDeliveryOutcome } from "../conversations/delivery-failure";
import { inTransaction } from "../events/transaction";
import { findContactById, findContactForUpdate, updateContact } from "../contacts/contacts.repository";
import { findMessageById, toMessage, updateMessage } from "../messages/messages.repository";
import { now } from "../ids";
import { mediaUrlProblem } from "../messages/media-urls";
import { carrierMediaUrls } from "../media/media.service";
import { carrierIdsToContact, claimMessageRow, findMessageRow, findSendingInbox } from "./delivery.repository";

const MAX_SEND_ATTEMPTS = 6;
/** A carrier's Retry-After is obeyed up to this: a day-long one would park the text without a word. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff with ±20 % jitter (1 s, 2 s, 4 s … at most 5 min), or what the carrier asked for (≤ 60 s). */
export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const base = retryAfterMs !== undefined ? Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS) : Math.min(300_000, 1000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Takes the message for sending if it is due: status queued (or sending and waiting for a retry, which
 * keeps its status so statuses never move backwards). While in flight nextAttemptAt is null.
 */
async function claim(ctx: ServerContext, id: string): Promise<{ message: Message; attempts: number; uncertainSince: string | null } | null> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const row = await findMessageRow(tx.db, id);
    const at = now();
    if (!row || row.nextAttemptAt === null || row.nextAttemptAt > at || (row.status !== "queued" && row.status !== "sending")) return null;
    const claimed = await claimMessageRow(tx.db, row, {
      status: "sending",
      nextAttemptAt: null,
      claimedBy: ctx.cluster ? String(ctx.cluster.instanceId) : null,
      ...(row.status === "queued" ? { updatedAt: at } : {}),
    });
    if (!claimed) return null;
    const message = toMessage({ ...row, status: "sending", updatedAt: row.status === "queued" ? at : row.updatedAt });
    if (row.status === "queued") await tx.emit("message.updated", message);
    return { message, attempts: row.sendAttempts, uncertainSince: row.uncertainSince };
  });
}

export async function sendQueuedMessage(ctx: ServerContext, id: string): Promise<void> {
  const claimed = await claim(ctx, id);
  if (!claimed) return;
  const { message } = claimed;
  const attempt = claimed.attempts + 1;
  const startedAt = now();
  const result = await callCarrier(ctx, message, claimed.uncertainSince);
  await recordResult(ctx, message.id, attempt, result, result.ok || !result.uncertain ? null : (claimed.uncertainSince ?? startedAt));
}

/**
 * A text whose last attempt may have reached the carrier (`uncertainSince`) is looked up there first and
 * sent again only when the carrier does not have it: a 502 after Twilio took the text must not text twice.
 */
async function callCarrier(ctx: ServerContext, message: Message, uncertainSince: string | null): Promise<SendResult> {
  const db = ctx.database.db;
  const [inbox, contact, carrier] = await Promise.all([
    findSendingInbox(db, message.inboxId),
    findContactById(db, message.contactId),
    carrierFor(ctx, message.inboxId),
  ]);
  if (!inbox || !contact || !carrier)
    return { ok: false, permanent: true, errorCode: "not_found", errorReason: "The inbox or contact of this message no longer exists" };
  // Queued before the customer texted STOP: do not send. System replies (HELP) still go, as carriers require.
  if (contact.optedOutAt && message.authorId !== null) {
    return { ok: false, permanent: true, errorCode: "opted_out", errorReason: "The contact opted out (STOP) before this message was sent" };
  }
  // Checked when queued too; a host name may resolve elsewhere by now, and the carrier fetches what it is given.
  // Our own stored media is exempt: its link is made now, to this server's PUBLIC_URL.
  for (const { url } of message.media.filter((m) => !m.id)) {
    const problem = await mediaUrlProblem(url, ctx.config.resolveMediaHost);
    if (problem) return { ok: false, permanent: true, errorCode: "media_refused", errorReason: `Not sent: the media URL ${problem}` };
  }
  const sms = {
    messageId: message.id,
    from: inbox.phoneNumber,
    to: contact.phoneNumber,
    body: message.body,
    mediaUrls: carrierMediaUrls(ctx, message.media),
    statusCallbackUrl: `${ctx.config.publicUrl}/webhooks/${inbox.carrier}/${message.inboxId}`,
  };
  if (uncertainSince) {
    if (!carrier.findSent) return { ok: false, permanent: true, errorCode: "uncertain", errorReason: UNCERTAIN_REASON };
    try {
      const found = await carrier.findSent(sms, uncertainSince, await carrierIdsOf(ctx, message));
      if (found) return { ok: true, ...found };
    } catch (err) {
      return {
        ok: false,
        permanent: false,
        uncertain: true,
        errorCode: "lookup_failed",
        errorReason: `Could not ask the carrier whether the text went out (${(err as Error).message})`,
      };
    }
  }
  try {
    return await carrier.send(sms);
  } catch (err) {
    // A thrown error (network down, timeout) may or may not have reached the carrier; carriers
    // dedupe nothing for us, but a send that never got an answer is retried as transient.
    return { ok: false, permanent: false, errorCode: "network_error", errorReason: `Could not reach the carrier: ${(err as Error).message}` };
  }
}

export const UNCERTAIN_REASON =
  "The carrier did not confirm the text, so it may or may not have gone out; check the conversation with the customer before sending again";

/** Carrier ids of this inbox's other texts to the contact: a lookup must not take one of them for this one. */
const carrierIdsOf = (ctx: ServerContext, message: Message) => carrierIdsToContact(ctx.database.db, message.inboxId, message.contactId);

async function recordResult(ctx: ServerContext, id: string, attempt: number, result: SendResult, uncertainSince: string | null) {
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const message = await findMessageById(tx.db, id);
    if (message?.status !== "sending") return;
    if (result.ok) {
      const next = await updateMessage(
        tx.db,
        message,
        { status: result.status, carrierMessageId: result.carrierMessageId, errorCode: null, errorReason: null },
        { sendAttempts: attempt, uncertainSince: null },
      );
      await tx.emit("message.updated", next);
      await noteDeliveryOutcome(tx, next);
      return;
    }
    if (!result.permanent && attempt < MAX_SEND_ATTEMPTS) {
      const nextAttemptAt = new Date(Date.now() + retryDelayMs(attempt, result.retryAfterMs)).toISOString();
      const then = uncertainSince ? "checking with the carrier before trying again" : "retrying";
      const next = await updateMessage(
        tx.db,
        message,
        { errorCode: result.errorCode, errorReason: `${result.errorReason} (${then})` },
        { sendAttempts: attempt, nextAttemptAt, uncertainSince },
      );
      await tx.emit("message.updated", next);
      return;
    }
    const reason = result.permanent
      ? result.errorReason
      : uncertainSince
        ? `${UNCERTAIN_REASON} (gave up after ${attempt} attempts)`
        : `${result.errorReason} (gave up after ${attempt} attempts)`;
    // The contact is locked before the conversation (noteDeliveryOutcome), as everywhere (contacts.repository.ts).
    const contact = result.recipientOptedOut ? await findContactForUpdate(tx.db, message.contactId) : null;
    const failed = await updateMessage(
      tx.db,
      message,
      { status: "failed", errorCode: result.errorCode, errorReason: reason },
      { sendAttempts: attempt, uncertainSince: null },
    );
    await tx.emit("message.updated", failed);
    await noteDeliveryOutcome(tx, failed);
    if (result.recipientOptedOut) {
      if (contact && !contact.optedOutAt) {
        const optedOut = await updateContact(tx.db, contact, { optedOutAt: now(), optOutMessageId: null });
        await tx.emit("contact.updated", optedOut, { action: "opted_out" });
      }
    }
  });
}
