// The server's own timers and workers: delivery of queued messages, overdue receipts, snooze wake-up,
// pruning the feed past its retention, message bodies past theirs (audit/retention-job.ts).
// Each stops on app.close() (ctx.onClose), after its current run finished.
import type { ServerContext } from "./context";
import { startDeliveryWorker } from "./delivery/delivery-worker";
import { failInterruptedSends } from "./delivery/interrupted-sends";
import { flagOverdueDeliveries } from "./delivery/flag-overdue";
import { wakeSnoozedConversations } from "./conversations/wake-snoozed";
import { pruneExpiredEvents } from "./sync/retention";
import { pruneUnattachedUploads } from "./media/prune-unattached";
import { startInboundMediaFetch } from "./media/inbound-media-fetch";
import { startRetention } from "./audit/retention-job";

const INTERRUPTED_CHECK_MS = 5000;
/** The feed's retention is in days; every 10 minutes keeps it close, also for a server restarted now and then. */
const PRUNE_EVERY_MS = 10 * 60_000;

export function startBackgroundWork(ctx: ServerContext) {
  const worker = startDeliveryWorker(ctx);
  ctx.nudgeDelivery = worker.nudge;
  ctx.onClose(worker.stop);
  ctx.onClose(every(ctx, ctx.config.tickMs, "snooze wake-up", () => wakeSnoozedConversations(ctx)));
  ctx.onClose(every(ctx, ctx.config.tickMs, "overdue receipts", () => flagOverdueDeliveries(ctx)));
  let closing = false;
  ctx.onClose(every(ctx, PRUNE_EVERY_MS, "feed pruning", () => pruneExpiredEvents(ctx.database.db, ctx.config.eventRetentionMs, () => closing)));
  ctx.onClose(every(ctx, PRUNE_EVERY_MS, "unattached uploads", () => pruneUnattachedUploads(ctx)));
  ctx.onClose(startInboundMediaFetch(ctx));
  ctx.onClose(startRetention(ctx));
  // Stops run last-registered first: a long pruning run ends after its current batch.
  ctx.onClose(() => {
    closing = true;
  });
  // Several instances: one may die mid-send at any time, not only before this one starts.
  if (ctx.cluster) ctx.onClose(every(ctx, INTERRUPTED_CHECK_MS, "interrupted sends", () => failInterruptedSends(ctx)));
}

/** Runs `job` every `ms`, never two at once, logging its failures; the returned stop waits for a run in progress. */
function every(ctx: ServerContext, ms: number, name: string, job: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = job()
      .catch((err) => ctx.log.error({ err }, `${name} failed`))
      .finally(() => (running = null));
  }, ms);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
