// A sent message whose receipt never came may have been filtered by the carrier: flag it so the rep knows.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { toMessage, updateMessage } from "../messages/messages.repository";
import { findUnflaggedSentBefore, flagOverdueIfStillSent } from "./delivery.repository";

export async function flagOverdueDeliveries(ctx: ServerContext): Promise<number> {
  const sentBefore = new Date(Date.now() - ctx.config.deliveryOverdueMs).toISOString();
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    // updatedAt of a `sent` message is when it became sent: nothing else changes it until a receipt.
    const rows = await findUnflaggedSentBefore(tx.db, sentBefore, 500);
    let flaggedCount = 0;
    for (const row of rows) {
      // Several instances run this job: only an update that still finds it sent and unflagged flags it.
      if (!(await flagOverdueIfStillSent(tx.db, row.id))) continue;
      const flagged = await updateMessage(tx.db, toMessage(row), { deliveryOverdue: true });
      await tx.emit("message.updated", flagged);
      flaggedCount++;
    }
    return flaggedCount;
  });
}
