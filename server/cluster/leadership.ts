// Which instance runs each cluster-wide background worker (push, webhooks, the CRM log, automations): the one
// holding the worker's session advisory lock, taken on its listening connection. PostgreSQL releases the lock
// when that connection ends (the process died, the network dropped) and another instance takes it at its next
// try, every `retryMs`. Leadership saves work, it does not keep anything exactly-once: for a moment there can
// be two leaders (the old one's pass still running when its connection dropped), which stays safe because each
// worker's conditional cursor and job claims keep every stretch of the feed and every job to one of them.
import type pg from "pg";
import { releaseNamedLock, tryNamedLocks } from "./cluster.repository";

/** Namespace of the workers' locks: pg_advisory_lock(LEADER_LOCK_SPACE, hashtext(name)). */
export const LEADER_LOCK_SPACE = 0x5355; // "SU"

export interface Lead {
  /** Whether this instance runs the worker now. */
  readonly held: boolean;
  /** Stops wanting it (the worker stopped); another instance takes over at its next try. */
  release(): void;
}

/** Runs a query on the listening connection, after the ones queued before it; null while it is down. */
type OnListener = <T>(job: (client: pg.Client) => Promise<T>) => Promise<T | null>;

export function startLeadership(onListener: OnListener, retryMs: number) {
  const wanted = new Map<string, { held: boolean; onLead: () => void }>();
  /** Bumped when the connection goes: a try answered on a gone connection won nothing. */
  let generation = 0;
  let trying = false;
  let again = false;

  const tryAll = async (): Promise<void> => {
    const names = [...wanted].filter(([, w]) => !w.held).map(([name]) => name);
    if (names.length === 0) return;
    if (trying) {
      again = true;
      return;
    }
    trying = true;
    const at = generation;
    try {
      const won = await onListener((client) => tryNamedLocks(client, LEADER_LOCK_SPACE, names));
      if (!won || at !== generation) return;
      for (const name of won) {
        const w = wanted.get(name);
        if (!w) void onListener((client) => releaseNamedLock(client, LEADER_LOCK_SPACE, name)).catch(() => {});
        else if (!w.held) {
          w.held = true;
          w.onLead();
        }
      }
    } catch {
      // The connection is down: tried again when it is back, and on the timer.
    } finally {
      trying = false;
    }
    if (again) {
      again = false;
      return tryAll();
    }
  };
  const timer = setInterval(tryAll, retryMs);
  timer.unref();

  return {
    /** Asks to run the worker `name`; `onLead` is called each time this instance becomes its leader. */
    lead(name: string, onLead: () => void): Lead {
      const w = { held: false, onLead };
      wanted.set(name, w);
      void tryAll();
      return {
        get held() {
          return w.held;
        },
        release() {
          if (wanted.get(name) !== w) return;
          wanted.delete(name);
          if (w.held) void onListener((client) => releaseNamedLock(client, LEADER_LOCK_SPACE, name)).catch(() => {});
          w.held = false;
        },
      };
    },
    /** The listening connection is up (again): try at once. */
    connected: () => void tryAll(),
    /** The listening connection ended: PostgreSQL released every lock it held. */
    lost() {
      generation++;
      for (const w of wanted.values()) w.held = false;
    },
    stop: () => clearInterval(timer),
  };
}
