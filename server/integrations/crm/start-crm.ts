// Runs the CRM log in the background: woken by every committed event batch and by a timer (retries, work
// another instance left behind). The loop is server/background-loop.ts; across processes the cursor and
// the job claims keep each job to one worker (crm-fanout.ts, crm-jobs.repository.ts).
import type { ServerContext } from "../../context";
import { startBackgroundLoop, workerInstance } from "../../background-loop";
import { fanOutCrmJobs } from "./crm-fanout";
import { runDueCrmJobs } from "./crm-worker";

const WATCHED = new Set(["conversation.created", "conversation.updated", "message.created", "message.updated", "note.created"]);

export function startCrmLog(ctx: ServerContext): () => Promise<void> {
  const instance = workerInstance(ctx);
  const loop = startBackgroundLoop(ctx, {
    name: "crm",
    tickMs: Math.max(ctx.config.tickMs, 50),
    wakeOn: (events) => events.some((e) => WATCHED.has(e.type)),
    pass: async (stopped) => {
      // A long stretch of feed (a restart, the demo seed's history) is read batch after batch in this pass,
      // with the jobs run in between, not one batch per wake-up.
      for (;;) {
        const fanned = await fanOutCrmJobs(ctx);
        const ran = await runDueCrmJobs(ctx, instance);
        if (stopped() || (ran === 0 && !fanned.more)) break;
      }
    },
  });
  return loop.stop;
}
