// A sent message whose receipt never came may have been filtered by the carrier: flag it so the rep knows.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { toMessage, updateMessage } from "../messages/messages.repository";

export async function flagOverdueDeliveries(ctx: ServerContext): Promise<number> {
  const sentBefore = new Date(Date.now() - ctx.config.deliveryOverdueMs).toISOString();
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    // updatedAt of a `sent` message is when it became sent: nothing else changes it until a receipt.
    const rows = await tx.db
      .selectFrom("message")
      .selectAll()
      .where("status", "=", "sent")
      .where("deliveryOverdue", "=", 0)
      .where("updatedAt", "<=", sentBefore)
      .limit(500)
      .execute();
    let flaggedCount = 0;
    for (const row of rows) {
      // Several instances run this job: only an update that still finds it sent and unflagged flags it.
      const still = await tx.db.updateTable("message").set({ deliveryOverdue: 1 })
        .where("id", "=", row.id).where("status", "=", "sent").where("deliveryOverdue", "=", 0).executeTakeFirst();
      if (Number(still.numUpdatedRows) !== 1) continue;
      const flagged = await updateMessage(tx.db, toMessage(row), { deliveryOverdue: true });
      await tx.emit("message.updated", flagged);
      flaggedCount++;
    }
    return flaggedCount;
  });
}
