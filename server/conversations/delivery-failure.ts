// The conversation's delivery failure marker, kept in the transaction that ends an outbound message: set
// when one fails or is undelivered, cleared when a later outbound one is sent or delivered. It holds the
// failed message's createdAt, so a late receipt for an older message never clears a newer failure.
import type { Message } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { findConversationById, updateConversation } from "./conversations.repository";

export async function noteDeliveryOutcome(tx: Tx, message: Message): Promise<void> {
  if (message.direction !== "outbound") return;
  const failed = message.status === "failed" || message.status === "undelivered";
  const succeeded = message.status === "sent" || message.status === "delivered";
  if (!failed && !succeeded) return;
  const conversation = await findConversationById(tx.db, message.conversationId);
  if (!conversation) return;
  const marked = conversation.lastDeliveryFailureAt;
  let next: string | null;
  if (failed) next = marked && marked > message.createdAt ? marked : message.createdAt;
  else next = marked && message.createdAt > marked ? null : marked;
  if (next === marked) return;
  const updated = await updateConversation(tx.db, conversation, { lastDeliveryFailureAt: next });
  await tx.emit("conversation.updated", updated, { action: null });
}
