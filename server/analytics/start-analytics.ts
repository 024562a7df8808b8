// Keeps the rollups up with the feed in the background (server/background-loop.ts): woken by committed
// events and on a timer (events another instance wrote; SLA due times passing while nothing happens).
import type { ServerContext } from "../context";
import { startBackgroundLoop } from "../background-loop";
import { catchUp } from "./consumer";
import { emitDueBreaches } from "./sla-breaches";

const TICK_MS = 5000;

export function startAnalytics(ctx: ServerContext, clock: () => Date = () => new Date()): () => Promise<void> {
  // For bench/analytics-ingest.ts only: the ingest floor without the consumer.
  if (process.env.SIDETEXT_ANALYTICS === "off") return async () => {};
  const loop = startBackgroundLoop(ctx, {
    name: "analytics",
    tickMs: Math.max(ctx.config.tickMs, Math.min(TICK_MS, ctx.config.tickMs * 10)),
    pass: async (stopped) => {
      await catchUp(ctx, stopped);
      // Breach events land in the feed; the next catch-up counts them.
      if (!stopped() && (await emitDueBreaches(ctx, clock())) > 0) await catchUp(ctx, stopped);
    },
  });
  // Catch up now (a fresh demo seed, events written while the server was down), not a tick later.
  loop.kick();
  return loop.stop;
}
