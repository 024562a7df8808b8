// The outbound worker: sends every due message (queued, or waiting for a retry), a few at a time.
// Woken by ctx.nudgeDelivery() right after a send is queued, and by a poll every tickMs for retries,
// restarts and nudges lost to a crash.
import type { ServerContext } from "../context";
import { noteDeliveryOutcome } from "../conversations/delivery-failure";
import { inTransaction } from "../events/transaction";
import { toMessage, updateMessage } from "../messages/messages.repository";
import { now } from "../ids";
import { sendQueuedMessage } from "./send-queued-message";
import { claimedByGoneInstance } from "./interrupted-sends";
import type { ExpressionBuilder } from "kysely";
import type { Database } from "../db/schema";
import { carrierFor } from "../carriers/registry";

const PARALLEL_SENDS = 8;
const BATCH = 100;

export const INTERRUPTED_REASON = "The server stopped while sending; check before retrying";

export interface DeliveryWorker {
  nudge(): void;
  stop(): Promise<void>;
}

export function startDeliveryWorker(ctx: ServerContext): DeliveryWorker {
  let stopped = false;
  let again = false;
  let running: Promise<void> | null = null;

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await sendDueMessages(ctx, () => stopped);
      } while (again && !stopped);
    })()
      .catch((err) => console.error("delivery worker:", err))
      .finally(() => (running = null));
  };

  // The first pass waits for crash recovery, so an interrupted send is never retried blindly.
  running = failInterruptedSends(ctx)
    .then(() => undefined)
    .catch((err) => console.error("delivery recovery:", err))
    .finally(() => {
      running = null;
      run();
    });
  const poll = setInterval(run, ctx.config.tickMs);

  return {
    nudge: run,
    async stop() {
      stopped = true;
      clearInterval(poll);
      while (running) await running;
    },
  };
}

async function sendDueMessages(ctx: ServerContext, stopped: () => boolean) {
  const due = await ctx.database.db
    .selectFrom("message")
    .select("id")
    .where("status", "in", ["queued", "sending"])
    .where("nextAttemptAt", "<=", now())
    .orderBy("nextAttemptAt")
    .limit(BATCH)
    .execute();
  const ids = due.map((r) => r.id);
  const lanes = Array.from({ length: Math.min(PARALLEL_SENDS, ids.length) }, async () => {
    for (let id = ids.shift(); id && !stopped(); id = ids.shift()) await sendQueuedMessage(ctx, id);
  });
  await Promise.all(lanes);
}

/**
 * A message left `sending` with no carrier id was in flight when the server stopped: the carrier may or may
 * not have it. Where the carrier can be asked (Twilio, Telnyx: findSent) it is, before anything is sent
 * again: the message waits for the worker as an uncertain attempt. Elsewhere sending again could text the
 * customer twice, so it fails with a reason the rep can act on. With several instances on PostgreSQL only
 * the sends of instances that are gone count (run periodically).
 */
export async function failInterruptedSends(ctx: ServerContext): Promise<number> {
  const interrupted = (eb: ExpressionBuilder<Database, "message">) =>
    eb.and([eb("status", "=", "sending"), eb("nextAttemptAt", "is", null), eb("carrierMessageId", "is", null), claimedByGoneInstance(ctx)(eb)]);
  // Carriers are looked up before the transaction: on SQLite it holds the one connection.
  const inboxIds = (await ctx.database.db.selectFrom("message").select("inboxId").distinct().where(interrupted).execute()).map((r) => r.inboxId);
  const askable = new Set<string>();
  for (const inboxId of inboxIds) if ((await carrierFor(ctx, inboxId))?.findSent) askable.add(inboxId);
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rows = await tx.db.selectFrom("message").selectAll().where(interrupted).execute();
    for (const row of rows) {
      if (askable.has(row.inboxId)) {
        // Its last update came before the attempt began: the carrier is asked about anything since then.
        await tx.db.updateTable("message").set({ nextAttemptAt: now(), uncertainSince: row.uncertainSince ?? row.updatedAt }).where("id", "=", row.id).execute();
        continue;
      }
      const failed = await updateMessage(tx.db, toMessage(row), { status: "failed", errorCode: "interrupted", errorReason: INTERRUPTED_REASON });
      await tx.emit("message.updated", failed);
      await noteDeliveryOutcome(tx, failed);
    }
    return rows.length;
  });
}
