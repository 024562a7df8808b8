// The live connection: WebSocket /v1/stream from the stored cursor. Authenticates with the first frame,
// pings every 20 s (which also keeps an MV3 worker alive in Chrome ≥ 116), treats a missing pong as a dead
// socket, and reconnects with backoff and jitter until closed. Frames are handled one after another, in order.
import { ServerFrame, type ClientFrame, type Presence } from "../protocol/stream";
import type { SidetextEvent } from "../protocol/events";
import { backoffMs, type Clock, type TimerId } from "./clock";
import { recordMark, TIMING } from "./timing";

const PING_EVERY_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;

export interface WebSocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface StreamHandlers {
  /** Cursor to resume from, read when (re)connecting. */
  cursor(): Promise<number>;
  onEvents(events: SidetextEvent[]): Promise<void>;
  onPresence(presence: Presence): void;
  /** Replay done: every visible event up to `cursor` was handed to onEvents. */
  onReady(cursor: number): Promise<void>;
  /** The socket is down (it will retry by itself until closed). */
  onDown(reason: string): void;
  onUnauthorized(message: string): void;
  /** The user joined or left an inbox: the socket is done (not retried); bootstrap again, then open anew. */
  onAccessChanged(): void;
}

export interface StreamConnection {
  open(): void;
  close(): void;
  /**
   * The rep just did something that needs the server: a socket waiting out its backoff tries now, and its
   * backoff starts over, instead of leaving their reply's status stale for up to 30 s after the server is back.
   */
  retryNow(): void;
  send(frame: ClientFrame): boolean;
  readonly ready: boolean;
}

export function createStream(options: {
  url: string;
  token: string;
  WebSocket: WebSocketCtor;
  clock: Clock;
  random: () => number;
  handlers: StreamHandlers;
}): StreamConnection {
  const { clock, handlers } = options;
  let socket: WebSocketLike | null = null;
  let ready = false;
  let closed = true;
  let attempt = 0;
  let retryTimer: TimerId | null = null;
  let pingTimer: TimerId | null = null;
  let pongTimer: TimerId | null = null;
  let queue: Promise<void> = Promise.resolve();

  const clearTimers = () => {
    for (const t of [retryTimer, pingTimer, pongTimer]) if (t !== null) clock.clearTimeout(t);
    retryTimer = pingTimer = pongTimer = null;
  };

  const schedulePing = () => {
    pingTimer = clock.setTimeout(() => {
      pingTimer = null;
      if (!socket || !ready) return;
      send({ type: "ping" });
      pongTimer = clock.setTimeout(() => drop(socket, "The live connection stopped answering."), PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  };

  const drop = (which: WebSocketLike | null, reason: string) => {
    if (!which || which !== socket) return;
    socket = null;
    ready = false;
    clearTimers();
    which.onopen = which.onmessage = which.onclose = which.onerror = null;
    try {
      which.close();
    } catch {}
    if (closed) return;
    handlers.onDown(reason);
    retryTimer = clock.setTimeout(connect, backoffMs(attempt++, options.random));
  };

  const handleFrame = async (ws: WebSocketLike, raw: unknown) => {
    let frame: ServerFrame;
    try {
      frame = ServerFrame.parse(JSON.parse(String(raw)));
    } catch {
      return; // a frame this version does not understand is skipped, not fatal
    }
    if (ws !== socket) return;
    if (pongTimer !== null) {
      clock.clearTimeout(pongTimer); // any frame proves the socket alive
      pongTimer = null;
      schedulePing();
    }
    switch (frame.type) {
      case "ready":
        ready = true;
        attempt = 0;
        if (pingTimer === null) schedulePing();
        return handlers.onReady(frame.cursor);
      case "event":
        return handlers.onEvents([frame.event]);
      case "events":
        return handlers.onEvents(frame.events);
      case "presence": {
        const { type: _t, ...presence } = frame;
        return handlers.onPresence(presence);
      }
      case "pong":
        return;
      case "access_changed":
        closed = true;
        drop(ws, "Your inboxes changed.");
        return handlers.onAccessChanged();
      case "error":
        if (frame.code === "unauthorized") {
          closed = true;
          drop(ws, frame.message);
          handlers.onUnauthorized(frame.message);
        } else drop(ws, frame.message);
    }
  };

  async function connect() {
    retryTimer = null;
    if (closed) return;
    await queue; // events of the previous socket are applied before the cursor is read
    const after = await handlers.cursor();
    if (closed || socket) return;
    const ws = new options.WebSocket(options.url);
    socket = ws;
    ws.onopen = () => send({ type: "auth", token: options.token, after });
    ws.onmessage = (ev) => {
      recordMark(TIMING.frameReceived);
      queue = queue.then(() => handleFrame(ws, ev.data)).catch(() => drop(ws, "Could not apply an update."));
    };
    ws.onerror = () => {};
    ws.onclose = (ev) => drop(ws, ev.code === 1000 ? "The server closed the live connection." : "The live connection was lost.");
  }

  function send(frame: ClientFrame): boolean {
    if (socket?.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  return {
    open() {
      if (!closed) return;
      closed = false;
      attempt = 0;
      void connect();
    },
    close() {
      closed = true;
      drop(socket, "closed");
      clearTimers();
    },
    retryNow() {
      if (closed || socket || retryTimer === null) return; // live, connecting, or closed: nothing to hurry
      clock.clearTimeout(retryTimer);
      attempt = 0;
      void connect();
    },
    send,
    get ready() {
      return ready;
    },
  };
}
