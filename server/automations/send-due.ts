// Sends that waited — a rep's send later, a rule's text held back by quiet hours — go out at their time, once:
// one instance claims each, and the message's clientId is the scheduled send's, so a retry after a crash finds
// the message it already queued. The events each send's author chose cancel it first (an opt-out always).
import type { SidetextEvent } from "../../src/protocol/events";
import type { CancelEvent } from "../../src/protocol/scheduled-sends";
import type { AuthedUser } from "../auth/authenticate";
import { memberInboxIds } from "../auth/sessions.repository";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { inTransaction } from "../events/transaction";
import { randomText } from "../ids";
import { findContactById } from "../contacts/contacts.repository";
import { findConversationById } from "../conversations/conversations.repository";
import { findMessageByClientId } from "../messages/messages.repository";
import { sendMessage } from "../messages/send-message";
import { findUserById } from "../users/users.repository";
import { AUTOMATION, queueAutomatedText } from "./actions";
import { claimDueSends, endScheduledSend, isDeactivated, pendingSendsIn } from "./scheduled-sends.repository";
import { conversationIdsOfContact } from "./timers.repository";

const CLAIM_MS = 60_000;
/** The clientId prefix of a rep's scheduled send going out: not "a teammate replied" to other waiting sends. */
const SCHEDULED = "sched:";

const reasons: Record<CancelEvent | "optOut", string> = {
  customerReply: "the customer replied",
  agentReply: "a teammate replied",
  resolved: "the conversation was resolved",
  reassigned: "the conversation was reassigned",
  optOut: "the contact opted out",
};

/** What this event cancels among the waiting sends made before it (feed position `position`). */
export async function cancelSendsFor(ctx: ServerContext, event: SidetextEvent, position: number, at: Date): Promise<void> {
  const { db } = ctx.database;
  let why: CancelEvent | "optOut" | null = null;
  let conversationIds: string[] = [];
  if (event.type === "message.created") {
    const m = event.data;
    const byRep = m.direction === "outbound" && event.actorId !== AUTOMATION && !m.clientId?.startsWith(SCHEDULED);
    why = m.direction === "inbound" ? "customerReply" : byRep ? "agentReply" : null;
    conversationIds = [m.conversationId];
  } else if (event.type === "conversation.updated" && (event.action === "resolved" || event.action === "assigned")) {
    why = event.action === "resolved" ? "resolved" : "reassigned";
    conversationIds = [event.data.id];
  } else if (event.type === "contact.updated" && event.data.optedOutAt) {
    why = "optOut";
    conversationIds = await conversationIdsOfContact(db, event.data.id);
  }
  if (!why) return;
  for (const s of await pendingSendsIn(db, conversationIds, position)) {
    if (why !== "optOut" && !(JSON.parse(s.cancelOn) as string[]).includes(why)) continue;
    await endScheduledSend(db, s.id, { status: "cancelled", reason: `cancelled: ${reasons[why]}` }, at.toISOString());
  }
}

/** Sends what is due at `at`; returns how many it took. */
export async function runDueSends(ctx: ServerContext, instance: string, at: Date): Promise<number> {
  const { db } = ctx.database;
  const by = `${instance}:${randomText(9, "base64url")}`;
  const due = await claimDueSends(db, by, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString(), 100);
  for (const s of due) {
    const end = (status: "sent" | "cancelled" | "failed", reason: string | null, messageId?: string) =>
      endScheduledSend(db, s.id, { status, reason, messageId }, at.toISOString());
    const conversation = await findConversationById(db, s.conversationId);
    if (!conversation) {
      await end("failed", "the conversation is gone");
      continue;
    }
    // The feed may not have been read up to a reply that came in just before: the conversation knows.
    const cancelOn = JSON.parse(s.cancelOn) as string[];
    if (cancelOn.includes("customerReply") && conversation.lastInboundAt && conversation.lastInboundAt > s.createdAt) {
      await end("cancelled", `cancelled: ${reasons.customerReply}`);
      continue;
    }
    try {
      if (s.authorId === AUTOMATION) {
        if ((await findContactById(db, conversation.contactId))?.optedOutAt) {
          await end("cancelled", `cancelled: ${reasons.optOut}`);
          continue;
        }
        const prior = await findMessageByClientId(db, AUTOMATION, s.clientId);
        const message = prior ?? (await inTransaction(db, ctx.bus, (tx) => queueAutomatedText(tx, conversation, s.body, s.clientId)));
        ctx.nudgeDelivery();
        await end("sent", null, message.id);
      } else {
        const author = await authorOf(ctx, s.authorId);
        if (!author) {
          await end("failed", "who scheduled it is no longer on the team");
          continue;
        }
        const { message } = await sendMessage(ctx, author, s.conversationId, { body: s.body, clientId: `${SCHEDULED}${s.id}` });
        await end("sent", null, message.id);
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // the claim lapses and another pass tries again
      await end(err.code === "opted_out" ? "cancelled" : "failed", err.code === "opted_out" ? `cancelled: ${reasons.optOut}` : err.message);
    }
  }
  return due.length;
}

async function authorOf(ctx: ServerContext, userId: string): Promise<AuthedUser | null> {
  const { db } = ctx.database;
  const user = await findUserById(db, userId);
  if (!user || (await isDeactivated(db, userId))) return null;
  return { ...user, inboxIds: await memberInboxIds(db, userId) };
}
