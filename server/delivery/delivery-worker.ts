// The outbound worker: sends every due message (queued, or waiting for a retry), a few at a time.
// Woken by ctx.nudgeDelivery() right after a send is queued, and by a poll every tickMs for retries,
// restarts and nudges lost to a crash.
import type { ServerContext } from "../context";
import { now } from "../ids";
import { sendQueuedMessage } from "./send-queued-message";
import { failInterruptedSends } from "./interrupted-sends";
import { dueMessageIds } from "./delivery.repository";

const PARALLEL_SENDS = 8;
const BATCH = 100;

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
      .catch((err) => ctx.log.error({ err }, "delivery worker failed"))
      .finally(() => (running = null));
  };

  // The first pass waits for crash recovery, so an interrupted send is never retried blindly.
  running = failInterruptedSends(ctx)
    .then(() => undefined)
    .catch((err) => ctx.log.error({ err }, "delivery recovery failed"))
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
  const ids = await dueMessageIds(ctx.database.db, now(), BATCH);
  const lanes = Array.from({ length: Math.min(PARALLEL_SENDS, ids.length) }, async () => {
    for (let id = ids.shift(); id && !stopped(); id = ids.shift()) await sendQueuedMessage(ctx, id);
  });
  await Promise.all(lanes);
}
