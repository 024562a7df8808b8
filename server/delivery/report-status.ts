// Delivery receipts: carriers tell us later what became of a message. Receipts arrive late, twice or out
// of order, so a status only moves forward (canAdvanceStatus); anything else is ignored without an event.
import type { MessageStatus } from "../../src/protocol/entities";
import { canAdvanceStatus, isFinalStatus } from "../../src/core/message-status";
import type { DeliveryReports } from "../carriers/carrier";
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { findMessageByCarrierId, updateMessage } from "../messages/messages.repository";

export interface StatusReport {
  inboxId: string;
  carrierMessageId: string;
  status: MessageStatus;
  errorCode?: string | null;
  errorReason?: string | null;
}

/** Applies one receipt; returns whether it changed the message. Unknown carrier ids are ignored. */
export async function reportStatus(ctx: ServerContext, report: StatusReport): Promise<boolean> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const message = await findMessageByCarrierId(tx.db, report.inboxId, report.carrierMessageId);
    if (!message || message.direction !== "outbound" || !canAdvanceStatus(message.status, report.status)) return false;
    const failed = report.status === "failed" || report.status === "undelivered";
    const next = await updateMessage(tx.db, message, {
      status: report.status,
      errorCode: failed ? (report.errorCode ?? null) : null,
      errorReason: failed ? (report.errorReason ?? "The carrier could not deliver this message") : null,
      // A receipt that ends the message answers the "no receipt yet" warning.
      deliveryOverdue: isFinalStatus(report.status) ? false : message.deliveryOverdue,
    });
    await tx.emit("message.updated", next);
    return true;
  });
}

export const deliveryReportsFor = (ctx: ServerContext): DeliveryReports => ({
  reportStatus: async (report) => void (await reportStatus(ctx, report)),
});
