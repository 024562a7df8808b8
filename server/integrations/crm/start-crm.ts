// Runs the CRM log in the background: woken by every committed event batch and by a timer (retries, work
// another instance left behind). Never two runs at once in this process; across processes the cursor and
// the job claims keep each job to one worker (crm-fanout.ts, crm-jobs.repository.ts).
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { fanOutCrmJobs } from "./crm-fanout";
import { runDueCrmJobs } from "./crm-worker";

const WATCHED = new Set(["conversation.created", "conversation.updated", "message.created", "message.updated", "note.created"]);

export function startCrmLog(ctx: ServerContext): () => Promise<void> {
  const instance = ctx.cluster ? `i${ctx.cluster.instanceId}` : `p${process.pid}-${randomText(4, "hex")}`;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = async () => {
    do {
      again = false;
      await fanOutCrmJobs(ctx);
      while (!stopped && (await runDueCrmJobs(ctx, instance)) > 0) {}
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err) => ctx.log.error(err, "crm: a run failed (tried again on the next tick)"))
      .finally(() => (running = null));
  };
  const unsubscribe = ctx.bus.subscribe((events) => {
    if (events.some((e) => WATCHED.has(e.type))) kick();
  });
  const timer = setInterval(kick, Math.max(ctx.config.tickMs, 50));
  timer.unref();
  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    await running;
  };
}
