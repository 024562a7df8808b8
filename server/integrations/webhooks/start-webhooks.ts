// Runs webhook delivery in the background: woken by every committed event batch (a delivery leaves within
// milliseconds of its commit), by the admin's test and replay, and by a timer (retries, and work another
// instance left behind). Never two runs at once in this process; across processes the cursor and the job
// claims keep each delivery to one sender (webhook-fanout.ts, webhook-jobs.repository.ts).
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { fanOutWebhooks } from "./webhook-fanout";
import { pruneFinishedJobs } from "./webhook-jobs.repository";
import { sendDueWebhooks, type Clock } from "./webhook-sender";

const LOG_KEEP_MS = 30 * 24 * 3600_000;
const nudges = new WeakMap<ServerContext, () => void>();

export const nudgeWebhooks = (ctx: ServerContext) => nudges.get(ctx)?.();

export function startWebhooks(ctx: ServerContext, clock: Clock = Date): () => Promise<void> {
  const instance = ctx.cluster ? `i${ctx.cluster.instanceId}` : `p${process.pid}-${randomText(4, "hex")}`;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastPrune = 0;

  const run = async () => {
    do {
      again = false;
      await fanOutWebhooks(ctx, new Date(clock.now()).toISOString());
      while ((await sendDueWebhooks(ctx, instance, clock)) > 0 && !stopped) {}
      if (clock.now() - lastPrune > 600_000) {
        lastPrune = clock.now();
        await pruneFinishedJobs(ctx.database.db, new Date(clock.now() - LOG_KEEP_MS).toISOString());
      }
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err) => ctx.log.error(err, "webhooks: a run failed (tried again on the next tick)"))
      .finally(() => (running = null));
  };
  nudges.set(ctx, kick);
  const unsubscribe = ctx.bus.subscribe(kick);
  const timer = setInterval(kick, ctx.config.tickMs);
  timer.unref();
  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    await running;
  };
}
