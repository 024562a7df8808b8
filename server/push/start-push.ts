// Runs the push pipeline in the background: woken by every committed event batch (so a text is pushed within
// milliseconds of its commit) and by a timer (retries, and work another instance left behind). Its loop is
// server/background-loop.ts; across processes the cursor and the job claims keep it to one (push-fanout.ts).
import type { ServerContext } from "../context";
import { startBackgroundLoop, workerInstance } from "../background-loop";
import { fanOutPushes } from "./push-fanout";
import { newClaim, sendClaimedPushes, sendDuePushes } from "./push-sender";
import { pruneFinishedJobs } from "./push-jobs.repository";
import { defaultSubject, type VapidKeys } from "./vapid-keys";
import { vapidKeysFromDatabase } from "./vapid-store";
import { pushRoutes } from "./push.routes";

const LOG_KEEP_MS = 24 * 3600_000;

/** The key pair (from the config, else the database), the routes, and `start` for the background work. */
export async function setUpPush(ctx: ServerContext) {
  const { config } = ctx;
  const keys = config.vapidKeys ?? (await vapidKeysFromDatabase(ctx.database.db, config.secretKey, defaultSubject(config.publicUrl)));
  if (keys.source.startsWith("a new pair")) ctx.log.error({}, `push: ${keys.source}`);
  return {
    keys,
    routes: pushRoutes(async () => keys.publicKey),
    start: () => ctx.onClose(startPush(ctx, keys)),
  };
}

function startPush(ctx: ServerContext, keys: VapidKeys): () => Promise<void> {
  const instance = workerInstance(ctx);
  let lastPrune = 0;
  const loop = startBackgroundLoop(ctx, {
    name: "push",
    tickMs: ctx.config.tickMs,
    wakeOn: (events) => events.some((e) => e.type === "message.created" && e.data.direction === "inbound"),
    pass: async (stopped) => {
      const claim = newClaim(instance);
      if ((await fanOutPushes(ctx, claim)) > 0) await sendClaimedPushes(ctx, keys, claim);
      while ((await sendDuePushes(ctx, keys, instance)) > 0 && !stopped()) {}
      if (Date.now() - lastPrune > 600_000) {
        lastPrune = Date.now();
        await pruneFinishedJobs(ctx.database.db, new Date(Date.now() - LOG_KEEP_MS).toISOString());
      }
    },
  });
  return loop.stop;
}
