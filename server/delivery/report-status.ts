// Delivery receipts: carriers tell us later what became of a message. Receipts arrive late, twice or out
// of order, so a status only moves forward (canAdvanceStatus); anything else is ignored without an event.
import type { MessageStatus } from "../../src/protocol/entities";
import { canAdvanceStatus, isFinalStatus } from "../../src/core/message-status";
import type { DeliveryReports } from "../carriers/carrier";
import type { ServerContext } from "../context";
import { noteDeliveryOutcome } from "../conversations/delivery-failure";
import { inTransaction } from "../events/transaction";
import { findMessageByCarrierId, updateMessage } from "../messages/messages.repository";

export interface StatusReport {
  inboxId: string;
  carrierMessageId: string;
  status: MessageStatus;
  errorCode?: string | null;
  errorReason?: string | null;
}

/**
 * A receipt can overtake the carrier's answer to our send: the carrier id is stored only once that answer
 * is back. A receipt for an id we do not know yet is looked at again after these delays, then dropped.
 */
const RECHECK_UNKNOWN_MS = [1000, 5000];

/** Applies one receipt; returns whether it changed the message. */
export async function reportStatus(ctx: ServerContext, report: StatusReport): Promise<boolean> {
  const outcome = await applyReport(ctx, report);
  if (outcome === "unknown") recheckLater(ctx, report, 0);
  return outcome === "applied";
}

async function applyReport(ctx: ServerContext, report: StatusReport): Promise<"applied" | "ignored" | "unknown"> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const message = await findMessageByCarrierId(tx.db, report.inboxId, report.carrierMessageId);
    if (!message) return "unknown";
    if (message.direction !== "outbound" || !canAdvanceStatus(message.status, report.status)) return "ignored";
    const failed = report.status === "failed" || report.status === "undelivered";
    const next = await updateMessage(tx.db, message, {
      status: report.status,
      errorCode: failed ? (report.errorCode ?? null) : null,
      errorReason: failed ? (report.errorReason ?? "The carrier could not deliver this message") : null,
      // A receipt that ends the message answers the "no receipt yet" warning.
      deliveryOverdue: isFinalStatus(report.status) ? false : message.deliveryOverdue,
    });
    await tx.emit("message.updated", next);
    await noteDeliveryOutcome(tx, next);
    return "applied";
  });
}

const pendingRechecks = new WeakMap<ServerContext, Set<NodeJS.Timeout>>();

function recheckLater(ctx: ServerContext, report: StatusReport, attempt: number) {
  if (attempt >= RECHECK_UNKNOWN_MS.length) return;
  let timers = pendingRechecks.get(ctx);
  if (!timers) {
    const created = new Set<NodeJS.Timeout>();
    timers = created;
    pendingRechecks.set(ctx, created);
    ctx.onClose(() => created.forEach(clearTimeout));
  }
  const all = timers;
  const timer = setTimeout(async () => {
    all.delete(timer);
    try {
      if ((await applyReport(ctx, report)) === "unknown") recheckLater(ctx, report, attempt + 1);
    } catch (err) {
      ctx.log.error({ err }, "delivery receipt recheck failed");
    }
  }, RECHECK_UNKNOWN_MS[attempt]);
  all.add(timer);
}

export const deliveryReportsFor = (ctx: ServerContext): DeliveryReports => ({
  reportStatus: async (report) => void (await reportStatus(ctx, report)),
});
