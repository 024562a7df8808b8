// Fans committed events out to the stream's sockets. Each event is serialised once; each socket's events
// are collected for FLUSH_MS and written as one frame, because a write per event per socket is what limits
// throughput (DESIGN.md, performance notes). While a socket replays its backlog, live events are held
// back and released after the replay, minus those the replay already covered: no gap, no duplicate.
import type { WebSocket } from "ws";
import type { SidetextEvent } from "../../src/protocol/events";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { StreamVisibility } from "./visibility";

const FLUSH_MS = 10;
/** A client this far behind is disconnected; it resumes from its cursor when it reconnects. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Serialised { seq: number; json: string }

/** The session a socket signed in with: a signed-out or expired one ends the socket (access-guard.ts). */
export interface StreamSession {
  tokenHash: string;
  expiresAt: string;
}

export interface StreamClient extends StreamSession {
  id: number;
  user: AuthedUser;
  socket: WebSocket;
  /** Live events that arrived during the replay; null once live. */
  held: Serialised[] | null;
  pending: Serialised[];
}

export class StreamHub {
  readonly visibility = new StreamVisibility();
  readonly clients = new Set<StreamClient>();
  private nextId = 1;
  private flushTimer: NodeJS.Timeout | null = null;
  private unsubscribe: () => void;

  constructor(ctx: ServerContext) {
    this.unsubscribe = ctx.bus.subscribe((events) => this.publish(events));
  }

  /** Registers a socket before its replay is read, so nothing committed meanwhile is missed. */
  join(user: AuthedUser, session: StreamSession, socket: WebSocket): StreamClient {
    const client: StreamClient = { id: this.nextId++, user, ...session, socket, held: [], pending: [] };
    this.clients.add(client);
    return client;
  }

  /** The replay is sent up to `cursor`: release held events after it, then stream live. */
  goLive(client: StreamClient, cursor: number) {
    const held = client.held ?? [];
    client.held = null;
    client.pending.push(...held.filter((e) => e.seq > cursor));
    if (client.pending.length) this.scheduleFlush();
  }

  /** Nothing more is sent to the socket, not even what was collected for it. */
  leave(client: StreamClient) {
    this.clients.delete(client);
    client.pending = [];
    if (client.held) client.held = [];
  }

  stop() {
    this.unsubscribe();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const client of this.clients) client.socket.close(1001, "server shutting down");
    this.clients.clear();
  }

  private publish(events: SidetextEvent[]) {
    this.visibility.observe(events);
    let queued = false;
    for (const event of events) {
      let serialised: Serialised | null = null;
      for (const client of this.clients) {
        if (!this.visibility.mayRead(client.user, event)) continue;
        serialised ??= { seq: event.seq, json: JSON.stringify(event) };
        (client.held ?? client.pending).push(serialised);
        queued ||= client.held === null;
      }
    }
    if (queued) this.scheduleFlush();
  }

  private scheduleFlush() {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_MS);
  }

  private flush() {
    // Sockets that see the same events get the same bytes: encode each distinct frame once.
    const encoded: Array<{ events: Serialised[]; frame: Buffer }> = [];
    for (const client of this.clients) {
      if (client.pending.length === 0) continue;
      const events = client.pending;
      client.pending = [];
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.socket.close(1013, "too far behind; reconnect with your cursor");
        continue;
      }
      // Transactions commit in seq order, but keep the promise explicit for the client.
      events.sort((a, b) => a.seq - b.seq);
      let same = encoded.find((e) => e.events.length === events.length && e.events.every((x, i) => x === events[i]));
      if (!same) encoded.push((same = { events, frame: Buffer.from(eventsFrame(events)) }));
      client.socket.send(same.frame, { binary: false });
    }
  }
}

/** One `event` frame, or one `events` frame for several, built from already serialised events. */
export function eventsFrame(events: Serialised[]): string {
  if (events.length === 1) return `{"type":"event","event":${events[0].json}}`;
  return `{"type":"events","events":[${events.map((e) => e.json).join(",")}]}`;
}
