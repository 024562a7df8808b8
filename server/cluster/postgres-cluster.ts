// What makes several instances on one PostgreSQL act as one server: the event sequencer (sequencer.ts), and a
// dedicated connection that LISTENs for sequenced heads, presence and access changes (access-notice.ts),
// NOTIFYs this instance's presence, holds the locks of the background workers this instance leads
// (leadership.ts), and holds this instance's liveness
// lock (a session advisory lock, released by PostgreSQL when the process dies, so the others can tell that
// a send it had in flight was interrupted). A lost connection reconnects; meanwhile the poll keeps events
// flowing, only later.
import crypto from "node:crypto";
import type pg from "pg";
import type { Presence } from "../../src/protocol/stream";
import type { SequencedBus } from "./sequenced-bus";
import { startSequencer, type Sequencer } from "./sequencer";
import { watchFeedBacklog } from "./feed-metrics";
import { ACCESS_CHANNEL, type AccessNotice } from "./access-notice";
import { holdSessionLock, listenOn, notifyNow } from "./cluster.repository";
import { startLeadership, type Lead } from "./leadership";

const EVENTS_CHANNEL = "sidetext_events";
const PRESENCE_CHANNEL = "sidetext_presence";
/** Namespace of the instances' liveness locks: pg_advisory_lock(INSTANCE_LOCK_SPACE, instanceId). */
export const INSTANCE_LOCK_SPACE = 0x5354; // "ST"
const RECONNECT_MS = 1000;

export interface PresenceNotice {
  instanceId: number;
  socketId: number;
  inboxId: string;
  presence: Presence;
}

export interface Cluster {
  /** This instance's id: a positive 31-bit number, also its liveness lock key. */
  instanceId: number;
  /** Whether this instance hears the others' notices now (its listening connection is up). */
  readonly listening: boolean;
  /** Tells the other instances what a local socket is doing. */
  sharePresence(inboxId: string, socketId: number, presence: Presence): void;
  onPresence(listener: (notice: PresenceNotice) => void): () => void;
  /** Asks to run the cluster-wide worker `name` on this instance; `onLead` is called each time it becomes its leader (leadership.ts). */
  lead(name: string, onLead: () => void): Lead;
  stop(): Promise<void>;
}

export async function startCluster(url: string, bus: SequencedBus, options: { pollMs: number }): Promise<Cluster> {
  const instanceId = crypto.randomInt(1, 2 ** 31 - 1);
  const presenceListeners = new Set<(notice: PresenceNotice) => void>();
  let client: pg.Client | null = null;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let listenedBefore = false;
  /** Started once listening: a notification before that has no refused turn to wake. */
  let sequencer: Sequencer | null = null;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel === EVENTS_CHANNEL) {
      sequencer?.headMoved();
      return bus.notified(Number(msg.payload));
    }
    if (msg.channel === ACCESS_CHANNEL && msg.payload) {
      const notice = JSON.parse(msg.payload) as AccessNotice;
      if (notice.instanceId !== instanceId) bus.accessChanged(notice.change);
      return;
    }
    if (msg.channel !== PRESENCE_CHANNEL || !msg.payload) return;
    const notice = JSON.parse(msg.payload) as PresenceNotice;
    if (notice.instanceId === instanceId) return;
    for (const listener of presenceListeners) listener(notice);
  };

  const connect = async () => {
    const { default: pg } = await import("pg"); // loaded when a cluster starts, not by every SQLite server
    const next = new pg.Client({ connectionString: url });
    next.on("notification", onNotification);
    next.on("error", () => {}); // followed by "end"
    next.on("end", () => {
      if (client !== next || stopped) return;
      client = null;
      leadership.lost();
      // Access notices are lost until it is back: whatever this instance remembers about access is suspect.
      bus.accessChanged({ type: "outside" });
      reconnectTimer = setTimeout(reconnect, RECONNECT_MS);
    });
    await next.connect();
    await listenOn(next, [EVENTS_CHANNEL, PRESENCE_CHANNEL, ACCESS_CHANNEL]);
    await holdSessionLock(next, INSTANCE_LOCK_SPACE, instanceId);
    const reconnected = listenedBefore;
    client = next;
    listenedBefore = true;
    // Whatever was committed, and whichever access changed, while we were not listening.
    bus.committedElsewhere();
    if (reconnected) bus.accessChanged({ type: "outside" });
    leadership.connected();
  };
  const reconnect = () => {
    reconnectTimer = null;
    if (!stopped) connect().catch(() => (reconnectTimer = setTimeout(reconnect, RECONNECT_MS)));
  };
  // One query at a time on the listening connection (pg queues them, but asks callers to).
  let queue: Promise<unknown> = Promise.resolve();
  const onListener = <T>(job: (c: pg.Client) => Promise<T>): Promise<T | null> => {
    const run = queue.then(() => (client ? job(client) : null));
    queue = run.catch(() => {});
    return run;
  };
  const leadership = startLeadership(onListener, options.pollMs);
  await connect();

  // Local commits are numbered by this instance's sequencer turn (or another's), which NOTIFYs the head.
  sequencer = startSequencer(bus.db, { sweepMs: options.pollMs, onSequenced: (head) => bus.committedElsewhere(head), log: bus.log });
  bus.onLocalCommit = sequencer.nudge;
  const stopWatching = watchFeedBacklog(bus.db, bus.log);
  const notify = (channel: string, payload: string) => {
    // Lost when the connection is down: the others' poll finds the events; presence is refreshed.
    void onListener((c) => notifyNow(c, channel, payload)).catch(() => {});
  };

  const poll = setInterval(() => bus.committedElsewhere(), options.pollMs);

  return {
    instanceId,
    get listening() {
      return client !== null;
    },
    sharePresence(inboxId, socketId, presence) {
      notify(PRESENCE_CHANNEL, JSON.stringify({ instanceId, socketId, inboxId, presence } satisfies PresenceNotice));
    },
    onPresence(listener) {
      presenceListeners.add(listener);
      return () => presenceListeners.delete(listener);
    },
    lead: (name, onLead) => leadership.lead(name, onLead),
    async stop() {
      stopped = true;
      clearInterval(poll);
      leadership.stop();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      bus.onLocalCommit = async () => {};
      stopWatching();
      await sequencer?.stop();
      await bus.stop();
      await queue;
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}
