// Moving a conversation to another location (issue 18): it moves to an inbox of that location with its
// messages and notes, unassigned (the assignee may not work there). When the new inbox has another number,
// the customer's next reply comes from a number they have not seen: the answer carries a warning to show.
// Those who saw the old inbox but not the new one lose the conversation: that is an access change for them
// (their streams reconnect and bootstrap again, as when someone leaves an inbox).
import type { Conversation } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import { announceAccessChange } from "../cluster/access-notice";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { inTransaction } from "../events/transaction";
import { findVisibleConversation } from "../conversations/conversations.service";
import { updateConversation } from "../conversations/conversations.repository";
import { scopesOf } from "./scope";
import { activeUsers, contactHasConversationIn, moveConversationRows, transferTargets } from "./transfer.repository";

export async function transferConversation(ctx: ServerContext, user: AuthedUser, id: string, inboxId: string) {
  const { db } = ctx.database;
  const targets = await transferTargets(db);
  const target = targets.find((t) => t.inboxId === inboxId);
  if (!target) throw new AppError("validation_failed", `inboxId: no inbox ${inboxId}`, [{ path: "/inboxId", message: "no such inbox" }]);
  let lostSight: string[] = [];
  const result = await inTransaction(db, ctx.bus, async (tx) => {
    const current = await findVisibleConversation(tx.db, user, id);
    if (current.inboxId === inboxId) throw new AppError("conflict", "The conversation is already in that inbox");
    if (await contactHasConversationIn(tx.db, inboxId, current.contactId))
      throw new AppError("conflict", `This contact already has a conversation in ${target.inboxName} (${target.locationName}): open that one instead`);
    const from = targets.find((t) => t.inboxId === current.inboxId)!;
    await moveConversationRows(tx.db, id, inboxId);
    const next: Conversation = await updateConversation(tx.db, { ...current, inboxId }, { assigneeId: null });
    await tx.emit("conversation.updated", next, { actorId: user.id, action: "transferred" });
    lostSight = await whoLosesSight(tx.db, current.inboxId, inboxId);
    if (lostSight.length > 0) await announceAccessChange(tx.db, ctx, { type: "membership", userIds: lostSight });
    const warning =
      from.phoneNumber === target.phoneNumber
        ? null
        : `Replies will now come from ${target.phoneNumber} (${target.inboxName}, ${target.locationName}), not ${from.phoneNumber}: the customer sees a new number.`;
    return { conversation: next, warning };
  });
  if (lostSight.length > 0) ctx.bus.accessChanged({ type: "membership", userIds: lostSight });
  return result;
}

/** The users who see the old inbox and not the new one. */
async function whoLosesSight(db: Executor, fromInboxId: string, toInboxId: string): Promise<string[]> {
  const users = await activeUsers(db);
  const scopes = await scopesOf(db, users);
  return users.filter((_, i) => scopes[i].inboxIds.includes(fromInboxId) && !scopes[i].inboxIds.includes(toInboxId)).map((u) => u.id);
}
