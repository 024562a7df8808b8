// Runs the rule engine in the background: woken by every committed event batch and by a timer (work another
// instance left, events sequenced late on PostgreSQL). The loop is server/background-loop.ts; across
// processes the run log's unique key and the conditional cursor keep each rule to one firing per event.
import type { ServerContext } from "../context";
import { startBackgroundLoop, workerInstance } from "../background-loop";
import { automationClock, runAutomations } from "./engine";
import { runDueSends } from "./send-due";
import { runDueSteps } from "./sequences";
import { runDueTimers } from "./timers";

export function startAutomations(ctx: ServerContext): () => Promise<void> {
  const instance = workerInstance(ctx);
  const loop = startBackgroundLoop(ctx, {
    name: "automations",
    tickMs: Math.max(ctx.config.tickMs, 50),
    pass: async (stopped) => {
      while (!stopped() && (await runAutomations(ctx)) > 0) {}
      while (!stopped() && (await runDueTimers(ctx, instance, automationClock.now())) > 0) {}
      while (!stopped() && (await runDueSends(ctx, instance, automationClock.now())) > 0) {}
      while (!stopped() && (await runDueSteps(ctx, instance, automationClock.now())) > 0) {}
    },
  });
  return loop.stop;
}
