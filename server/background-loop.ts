// One background worker's loop, shared by push, webhooks, the CRM log and automations: a pass runs when
// committed events wake it (the worker picks which), on a timer (retries, work another instance left behind)
// and when nudged. Never two passes at once in this process; a wake-up during a pass runs one more after it.
// With several instances (PostgreSQL) only the worker's leader runs passes (cluster/leadership.ts): the others
// would read the same feed and lose every race for it. Each worker's cursor and job claims still keep its work
// to one instance when, for a moment, there are two leaders.
import type { SidetextEvent } from "../src/protocol/events";
import type { ServerContext } from "./context";
import { randomText } from "./ids";

export interface BackgroundLoop {
  /** Ask for a pass now (or one more after the running one). */
  kick(): void;
  /** Stops waking and waits for the running pass. */
  stop(): Promise<void>;
}

export interface LoopOptions {
  /** Named in the log when a pass fails. */
  name: string;
  /** One pass; `stopped()` turns true once the server is closing or (several instances) another instance leads, so inner loops can end early. */
  pass(stopped: () => boolean): Promise<void>;
  /** Which committed event batches wake it (default: every batch). */
  wakeOn?(events: SidetextEvent[]): boolean;
  tickMs: number;
}

/** The name this process claims jobs under: the cluster's instance, else this process. */
export const workerInstance = (ctx: ServerContext) => (ctx.cluster ? `i${ctx.cluster.instanceId}` : `p${process.pid}-${randomText(4, "hex")}`);

/**
 * Passes woken by committed events start at least this long after the previous one ended: at 1,000 texts/s a
 * batch commits every few milliseconds (every instance's, on the leader), and a pass costs its statements
 * (cursor, feed read, cursor write) whatever it finds. A kick (a nudge, the timer, leadership) runs at once.
 */
const WAKE_GAP_MS = 25;

export function startBackgroundLoop(ctx: ServerContext, options: LoopOptions): BackgroundLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastEnded = 0;
  let woken = false;
  let gap: NodeJS.Timeout | null = null;
  // Becoming the leader runs a pass at once: whatever the previous leader left is caught up.
  const lead = ctx.cluster?.lead(options.name, () => kick());
  // A pass also ends early when this instance stops leading: its inner loops (send what is due, and again) would
  // otherwise keep racing the new leader for as long as work keeps coming.
  const isStopped = () => stopped || (lead !== undefined && !lead.held);

  const run = async () => {
    do {
      again = false;
      woken = false;
      await options.pass(isStopped);
    } while (again && !isStopped());
  };
  const wake = () => {
    if (running) woken = true;
    else if (Date.now() >= lastEnded + WAKE_GAP_MS) kick();
    else
      gap ??= setTimeout(
        () => {
          gap = null;
          kick();
        },
        lastEnded + WAKE_GAP_MS - Date.now(),
      );
  };
  const kick = () => {
    if (stopped || (lead && !lead.held)) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err) => ctx.log.error(err, `${options.name}: a run failed (tried again on the next tick)`))
      .finally(() => {
        running = null;
        lastEnded = Date.now();
        // Events committed during the pass: the next pass, after the gap.
        if (woken && !stopped) wake();
      });
  };
  const unsubscribe = ctx.bus.subscribe((events) => {
    if (!options.wakeOn || options.wakeOn(events)) wake();
  });
  const timer = setInterval(kick, options.tickMs);
  timer.unref();
  return {
    kick,
    stop: async () => {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      if (gap) clearTimeout(gap);
      await running;
      lead?.release();
    },
  };
}
