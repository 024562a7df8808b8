// The rules for changing a conversation: who may see it, assign it, snooze and resolve it, and mark it read.
// Every change runs in one transaction with exactly one conversation.updated event; a change to nothing
// writes nothing.
import type { ConversationPatch } from "../../src/protocol/api";
import type { Contact, Conversation } from "../../src/protocol/entities";
import type { EventOf } from "../../src/protocol/events";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { inTransaction } from "../events/transaction";
import { now } from "../ids";
import { findContactById } from "../contacts/contacts.repository";
import { contactSeenBy, type ProfileReader } from "../contacts/contact-profile";
import { isInboxMember } from "../inboxes/inboxes.repository";
import { findConversationById, updateConversation } from "./conversations.repository";

/** The conversation if the user is a member of its inbox; otherwise 404, so its existence does not leak. */
export async function findVisibleConversation(db: Executor, user: AuthedUser, id: string): Promise<Conversation> {
  const conversation = await findConversationById(db, id);
  if (!conversation) throw notFound("Conversation");
  requireMember(user, conversation.inboxId);
  return conversation;
}

/** The conversation with its contact as `reader` may see it (contact-profile.ts). */
export async function withContact(db: Executor, reader: ProfileReader, conversation: Conversation): Promise<{ conversation: Conversation; contact: Contact }> {
  const contact = await findContactById(db, conversation.contactId);
  if (!contact) throw notFound("Contact");
  return { conversation, contact: await contactSeenBy(db, reader, contact) };
}

type Action = EventOf<"conversation.updated">["action"];
const statusAction: Record<Conversation["status"], Action> = { open: "opened", pending: "pending", snoozed: "snoozed", resolved: "resolved" };

export async function changeConversation(ctx: ServerContext, user: AuthedUser, id: string, patch: ConversationPatch): Promise<Conversation> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const current = await findVisibleConversation(tx.db, user, id);
    const changes: Partial<Conversation> = {};
    let action: Action = null;

    // Snoozing is a status with a time: giving only a time snoozes, any other status clears it.
    const status = patch.status ?? (patch.snoozedUntil ? "snoozed" : current.status);
    if (status !== "snoozed" && patch.snoozedUntil) throw invalid("snoozedUntil", "snoozedUntil goes only with status snoozed");
    const snoozedUntil = status === "snoozed" ? wakeTime(patch, current) : null;
    if (status !== current.status || snoozedUntil !== current.snoozedUntil) {
      Object.assign(changes, { status, snoozedUntil });
      action = statusAction[status];
    }

    if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
      if (patch.assigneeId !== null && !(await isInboxMember(tx.db, current.inboxId, patch.assigneeId))) {
        throw invalid("assigneeId", "The assignee must be a member of this conversation's inbox");
      }
      changes.assigneeId = patch.assigneeId;
      // One event per change: a status change names the event, the new assignee is in its data.
      action ??= patch.assigneeId ? "assigned" : "unassigned";
    }

    if (Object.keys(changes).length === 0) return current;
    const next = await updateConversation(tx.db, current, changes);
    await tx.emit("conversation.updated", next, { actorId: user.id, action });
    return next;
  });
}

/** When a snoozed conversation wakes: the new time (in the future, as UTC) or the one it already has. */
function wakeTime(patch: ConversationPatch, current: Conversation): string {
  if (patch.snoozedUntil === undefined && current.status === "snoozed" && current.snoozedUntil) return current.snoozedUntil;
  if (!patch.snoozedUntil) throw invalid("snoozedUntil", "Snoozing needs snoozedUntil");
  const at = new Date(patch.snoozedUntil);
  if (at.getTime() <= Date.now()) throw invalid("snoozedUntil", "snoozedUntil must be in the future");
  return at.toISOString();
}

const invalid = (field: string, message: string) => new AppError("validation_failed", message, [{ path: `/${field}`, message }]);

/**
 * Moves the user's read position to now; teammates see it in readBy. A position that already covers the
 * last message stays (no write, no event): panels mark a thread read each time it is shown, and a full
 * conversation event to every member for each of those would be most of the feed.
 */
export async function markConversationRead(ctx: ServerContext, user: AuthedUser, id: string): Promise<Conversation> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const current = await findVisibleConversation(tx.db, user, id);
    const readAt = current.readBy[user.id];
    const lastActivity = [current.lastMessageAt, current.lastInboundAt, current.createdAt]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1)!;
    if (readAt && readAt >= lastActivity) return current;
    const next = await updateConversation(tx.db, current, { readBy: { ...current.readBy, [user.id]: now() } });
    await tx.emit("conversation.updated", next, { actorId: user.id, action: "read" });
    return next;
  });
}
