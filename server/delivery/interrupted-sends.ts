// Which `sending` messages were interrupted, and what becomes of them. On SQLite one process sends: at
// start, every send left in flight was interrupted. On PostgreSQL several instances send at once: a send is
// interrupted only when the instance that claimed it is gone (delivery.repository.ts asks PostgreSQL).
import type { ServerContext } from "../context";
import { noteDeliveryOutcome } from "../conversations/delivery-failure";
import { inTransaction } from "../events/transaction";
import { toMessage, updateMessage } from "../messages/messages.repository";
import { now } from "../ids";
import { carrierFor } from "../carriers/registry";
import { dueForCarrierLookup, findInterruptedSends, inboxIdsWithInterruptedSends } from "./delivery.repository";

export const INTERRUPTED_REASON = "The server stopped while sending; check before retrying";

/**
 * A message left `sending` with no carrier id was in flight when the server stopped: the carrier may or may
 * not have it. Where the carrier can be asked (Twilio, Telnyx: findSent) it is, before anything is sent
 * again: the message waits for the worker as an uncertain attempt. Elsewhere sending again could text the
 * customer twice, so it fails with a reason the rep can act on. With several instances on PostgreSQL only
 * the sends of instances that are gone count (run periodically).
 */
export async function failInterruptedSends(ctx: ServerContext): Promise<number> {
  const cluster = ctx.cluster !== null;
  // Carriers are looked up before the transaction: on SQLite it holds the one connection.
  const inboxIds = await inboxIdsWithInterruptedSends(ctx.database.db, cluster);
  const askable = new Set<string>();
  for (const inboxId of inboxIds) if ((await carrierFor(ctx, inboxId))?.findSent) askable.add(inboxId);
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rows = await findInterruptedSends(tx.db, cluster);
    for (const row of rows) {
      if (askable.has(row.inboxId)) {
        // Its last update came before the attempt began: the carrier is asked about anything since then.
        await dueForCarrierLookup(tx.db, row.id, row.uncertainSince ?? row.updatedAt, now());
        continue;
      }
      const failed = await updateMessage(tx.db, toMessage(row), { status: "failed", errorCode: "interrupted", errorReason: INTERRUPTED_REASON });
      await tx.emit("message.updated", failed);
      await noteDeliveryOutcome(tx, failed);
    }
    return rows.length;
  });
}
