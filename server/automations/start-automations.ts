// Runs the rule engine in the background: woken by every committed event batch and by a timer (work another
// instance left, events sequenced late on PostgreSQL). Never two runs at once in this process; across
// processes the run log's unique key and the conditional cursor keep each rule to one firing per event.
import type { ServerContext } from "../context";
import { randomText } from "../ids";
import { automationClock, runAutomations } from "./engine";
import { runDueTimers } from "./timers";

export function startAutomations(ctx: ServerContext): () => Promise<void> {
  const instance = ctx.cluster ? `i${ctx.cluster.instanceId}` : `p${process.pid}-${randomText(4, "hex")}`;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = async () => {
    do {
      again = false;
      while (!stopped && (await runAutomations(ctx)) > 0) {}
      while (!stopped && (await runDueTimers(ctx, instance, automationClock.now())) > 0) {}
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err) => ctx.log.error(err, "automations: a run failed (tried again on the next tick)"))
      .finally(() => (running = null));
  };
  const unsubscribe = ctx.bus.subscribe(kick);
  const timer = setInterval(kick, Math.max(ctx.config.tickMs, 50));
  timer.unref();
  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    await running;
  };
}
