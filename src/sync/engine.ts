// The sync engine: keeps the cache equal to the server's state for the signed-in user (invariant 5).
// Bootstrap → WebSocket stream from the stored cursor → HTTP catch-up (alarm) whenever the socket is down;
// 410 and the stream's access_changed (the user joined or left an inbox) re-bootstrap; a 401 anywhere signs out.
// Signing in and out, and what outlives a session, are ./session.ts's. All deps are injected: it runs in the
// worker and in vitest.
import { createApi as defaultCreateApi, type Api, type ApiOptions } from "../api/client";
import { fail, ok, type ApiResult } from "../api/errors";
import type { Message } from "../protocol/entities";
import type { ConnectionState, ConnectionStateName } from "../protocol/messages";
import type { Session } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import { applyBatch } from "./apply";
import { batchFromEvents, emptyBatch, type Batch } from "./batch";
import { systemClock, type Clock } from "./clock";
import { createEmitter } from "./emitter";
import { createOutbox } from "./outbox";
import { createPresence } from "./presence";
import { createSessionLifecycle } from "./session";
import { createStream, type StreamConnection, type WebSocketCtor } from "./stream";
import { createThreads } from "./threads";
import { recordMark, TIMING } from "./timing";
import { syncOverHttpOnce } from "./http-sync";

export interface EngineDeps {
  db: SidetextDb;
  WebSocket: WebSocketCtor;
  createApi?: (options: ApiOptions) => Api;
  clock?: Clock;
  random?: () => number;
  /** chrome.alarms (src/platform); wakes a stopped worker to poll. Optional in tests. */
  alarms?: { every(name: string, periodMinutes: number): Promise<void>; clear(name: string): Promise<void> };
  newClientId?: () => string;
  /** Events per /v1/sync page (tests use small pages to exercise paging). */
  syncPageSize?: number;
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

export function createSyncEngine(deps: EngineDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const makeApi = deps.createApi ?? defaultCreateApi;
  let session: Session | null = null;
  let api: Api | null = null;
  let stream: StreamConnection | null = null;
  let generation = 0;
  let httpSync: Promise<void> | null = null;
  /** The stream said the user's inboxes changed: the next HTTP sync bootstraps (rebootstrap). */
  let needsBootstrap = false;
  let connection: ConnectionState = { state: "signed_out", reason: null, since: new Date(clock.now()).toISOString() };
  const stateChanged = createEmitter<ConnectionState>();
  const inbound = createEmitter<Message[]>();
  const memoryChanged = createEmitter();
  const presenceChanged = createEmitter<string>();

  const current = () => (api && session ? { api, meId: session.user.id } : null);
  const notifyMemory = () => memoryChanged.emit();
  const emitInbound = (messages: Message[]) => messages.length && inbound.emit(messages);
  // A rep's send is the moment to find the server again: hurry the socket's retry, or, when there is no socket
  // yet (the worker started with the server away), catch up over HTTP now rather than at the next 30 s poll.
  const serverWanted = () => (stream ? stream.retryNow() : session && void syncOverHttp());
  const outbox = createOutbox({ db, clock, random, current, newClientId: deps.newClientId, onServerWanted: () => serverWanted() });
  const threads = createThreads({ db, clock, current, onStateChange: notifyMemory });
  const presence = createPresence({
    clock,
    meId: () => session?.user.id ?? null,
    onChange: (conversationId) => {
      notifyMemory();
      presenceChanged.emit(conversationId);
    },
  });

  function setState(state: ConnectionStateName, reason: string | null) {
    if (connection.state === state && connection.reason === reason) return;
    connection = { state, reason, since: new Date(clock.now()).toISOString() };
    stateChanged.emit(connection);
  }

  /** Bootstrap (no cursor yet, or 410) or catch up over HTTP; one at a time. */
  function syncOverHttp(): Promise<void> {
    if (httpSync) return httpSync;
    const gen = generation;
    const isCurrent = () => gen === generation;
    httpSync = (async () => {
      const c = current();
      if (!c) return;
      if (needsBootstrap) {
        needsBootstrap = false;
        await db.meta.delete("cursor");
      }
      const res = await syncOverHttpOnce(db, c, { isCurrent, onInbound: emitInbound, pageSize: deps.syncPageSize });
      if (!isCurrent()) return;
      if (!res.ok) {
        if (res.error.code !== "unauthorized") setState("offline", res.error.message);
        return;
      }
      if (session) session = (await db.getMeta("session")) ?? session; // bootstrap refreshes the user
      if (!stream?.ready) setState("polling", "Live updates are paused; checking for changes every 30 seconds.");
      openStream();
      void outbox.flush(true);
    })().finally(() => {
      if (gen === generation) httpSync = null;
    });
    return httpSync;
  }

  function openStream() {
    const c = current();
    if (!c || stream || !session) return;
    const gen = generation;
    stream = createStream({
      url: c.api.streamUrl(),
      token: session.token,
      WebSocket: deps.WebSocket,
      clock,
      random,
      handlers: {
        cursor: async () => (await db.getMeta("cursor")) ?? 0,
        onEvents: async (events) => {
          if (gen !== generation) return;
          const { newInbound } = await applyBatch(db, batchFromEvents(events), c.meId);
          recordMark(TIMING.frameApplied);
          emitInbound(newInbound);
        },
        onPresence: (p) => presence.receive(p),
        onReady: async (cursor) => {
          if (gen !== generation) return;
          // The replay covered invisible events too: the cursor moves past them (no rescan next time).
          await applyBatch(db, { ...emptyBatch(), cursor }, c.meId);
          setState("live", null);
          void outbox.flush(true);
        },
        onDown: (reason) => {
          // Already offline (the last HTTP sync failed too): stay offline until HTTP answers again; each failed
          // socket retry would otherwise flip the banner to "polling" and back, and tag lookups would try the server.
          if (connection.state !== "offline") setState("polling", `${reason} Checking for changes every 30 seconds meanwhile.`);
          void syncOverHttp();
        },
        onUnauthorized: (message) => void expire(message),
        onAccessChanged: () => void rebootstrap(gen),
      },
    });
    stream.open();
  }

  /**
   * The user's inboxes changed: the cache may hold an inbox they left and lacks one they joined. The next
   * HTTP sync is a bootstrap, which replaces the cache; the cursor is forgotten first, so a worker killed
   * half-way bootstraps at its next start. The stream reopens after the bootstrap.
   */
  async function rebootstrap(gen: number) {
    if (gen !== generation) return;
    needsBootstrap = true;
    closeStream();
    presence.clear(); // the new socket sends what is going on where the user still is
    setState("offline", "Your inboxes changed; loading them again…");
    await db.meta.delete("cursor");
    // A sync that started before may write its cursor back and open a stream from it: undo both after it.
    await httpSync;
    if (gen !== generation) return;
    closeStream();
    await syncOverHttp();
  }

  function closeStream() {
    stream?.close();
    stream = null;
  }

  function connect(s: Session) {
    generation++;
    session = s;
    api = makeApi({ baseUrl: s.serverUrl, token: s.token, onUnauthorized: (e) => void expire(e.message) });
    setState("offline", "Connecting…");
  }

  /** Drops the connection and timers; what is in IndexedDB stays (also what a killed worker looks like). */
  function halt() {
    generation++;
    httpSync = null;
    needsBootstrap = false;
    stream?.close();
    stream = null;
    api = null;
    session = null;
    outbox.stop();
    threads.reset();
    presence.clear();
  }

  const lifecycle = createSessionLifecycle({
    db,
    clock,
    makeApi,
    alarms: deps.alarms,
    active: () => session,
    connect,
    syncNow: syncOverHttp,
    disconnect: halt,
    setState,
  });
  const expire = lifecycle.expire;

  return {
    start: lifecycle.start,
    signIn: lifecycle.signIn,
    signOut: lifecycle.signOut,
    /** The poll alarm fired (it may just have woken the worker). */
    async onAlarm(): Promise<void> {
      if (!session) return;
      if (!stream?.ready) await syncOverHttp();
      void outbox.flush(true);
    },
    /** Stops without touching the cache: tests use it to play a killed worker. */
    stop: halt,
    connection: () => connection,
    session: () => session,
    current,
    /** Writes entities from a command's REST answer into the cache. */
    async apply(batch: Batch): Promise<ApiResult<null>> {
      const c = current();
      if (!c) return fail("signed_out", "Not signed in.");
      await applyBatch(db, batch, c.meId);
      return ok(null);
    },
    sendPresence(conversationId: string, state: "viewing" | "typing" | "idle"): boolean {
      return stream?.send({ type: "presence", conversationId, state }) ?? false;
    },
    syncNow: syncOverHttp,
    outbox,
    threads,
    presence,
    onConnectionChange: stateChanged.on,
    /** New inbound messages, as they reach the cache (stream or catch-up; never the bootstrap). */
    onInbound: inbound.on,
    /** In-memory state views show changed (thread loading, presence). */
    onMemoryChange: memoryChanged.on,
    /** A teammate's presence in this conversation changed (inbox rows show it). */
    onPresenceChange: presenceChanged.on,
  };
}
