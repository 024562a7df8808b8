// Gives committed events their feed positions on PostgreSQL (issue 14). Every instance runs this loop; each
// turn is one short transaction in the database (migration 030's function): whoever holds the sequence lock
// numbers the committed events without a position, in id order, up to SEQUENCE_BATCH, and NOTIFYs the new head once.
// A turn runs after each local commit, and on a timer for what no local commit announced: events of an
// instance that died right after its commit, of the CLI, of a previous version during a rolling deploy.
// When another instance holds the lock, its turn may have started before our commit: we try again shortly.
// A turn killed halfway (its backend terminated, its instance gone) commits nothing; the next one, on any
// instance, starts from the same head.
import type { Kysely } from "kysely";
import type { ServerLog } from "../context";
import type { Database } from "../db/schema";
import { sequenceTurn } from "./cluster.repository";

const consoleLog: ServerLog = { error: (details, message) => console.error(`${message}:`, details) };

/** Positions one turn gives at most. */
export const SEQUENCE_BATCH = 1000;
/**
 * Another instance holds the lock: its turn may miss our commit, so ours follows when that turn ends (its
 * NOTIFY: `headMoved`), or after this long (a turn that numbered nothing notifies nobody). Retrying every 2 ms
 * instead cost 1–3 refused turns (a transaction each) per batch with three instances.
 */
const BUSY_RETRY_MS = 10;
/** After an error (the database unreachable): try again, not faster than this. */
const ERROR_RETRY_MS = 500;

export interface Sequencer {
  /**
   * A local transaction committed events: sequence them soon. Resolves once a turn that began after the
   * call has numbered everything committed before it (or failed: the events are numbered later anyway).
   */
  nudge(): Promise<void>;
  /** Another turn ended (its NOTIFY): a turn refused while it held the lock runs now. */
  headMoved(): void;
  /** Resolves when nothing is waiting for a turn (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface SequencerOptions {
  /** How often a turn runs with no nudge (other processes' commits). */
  sweepMs: number;
  /** Called with the new head after a turn that numbered events here. */
  onSequenced(head: number): void;
  /** Where a failed turn is logged (the app's logger; the console by default). */
  log?: ServerLog;
}

export function startSequencer(db: Kysely<Database>, options: SequencerOptions): Sequencer {
  let wanted = false;
  let running: Promise<void> | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  /** Waiting for a turn that starts after they asked. */
  let waiting: Array<() => void> = [];

  const turn = async (): Promise<"done" | "more" | "busy"> => {
    const { head, assigned } = await sequenceTurn(db, SEQUENCE_BATCH);
    if (head === null) return "busy";
    if (assigned > 0) options.onSequenced(Number(head));
    return assigned === SEQUENCE_BATCH ? "more" : "done";
  };

  /** A refused turn waits for the holder's NOTIFY, or for `BUSY_RETRY_MS`. */
  let busy = false;
  const later = (ms: number) => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      busy = false;
      wanted = true;
      start();
    }, ms);
  };

  const run = async () => {
    while (wanted && !stopped) {
      wanted = false;
      const served = waiting;
      waiting = [];
      let outcome: "done" | "more" | "busy" | "failed";
      try {
        outcome = await turn();
      } catch (err) {
        outcome = "failed";
        if (!stopped) (options.log ?? consoleLog).error({ err }, "event sequencer: a turn failed");
        later(ERROR_RETRY_MS);
      }
      if (outcome === "more") wanted = true;
      if (outcome === "busy") {
        busy = true;
        later(BUSY_RETRY_MS);
      }
      // Served when its commit is numbered: the last batch of a turn, or the turn failed (numbered later).
      if (outcome === "done" || outcome === "failed") for (const done of served) done();
      else waiting.push(...served);
    }
  };

  const nudge = () => {
    wanted = true;
    const served = new Promise<void>((resolve) => waiting.push(resolve));
    start();
    return served;
  };
  const start = () => {
    if (!running && !stopped) running = run().finally(() => (running = null));
  };

  const sweep = setInterval(() => void nudge(), options.sweepMs);
  sweep.unref();
  void nudge();

  return {
    nudge,
    headMoved() {
      if (!busy || !retry) return;
      clearTimeout(retry);
      retry = null;
      busy = false;
      wanted = true;
      start();
    },
    async settled() {
      while (running || retry) await (running ?? new Promise((r) => setTimeout(r, BUSY_RETRY_MS)));
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      if (retry) clearTimeout(retry);
      retry = null;
      await running;
      for (const done of waiting) done();
      waiting = [];
    },
  };
}
