// Fans committed events out to the stream's sockets. Each event is serialised once; live sockets that may
// read the same inboxes form one audience, whose events are collected for FLUSH_MS and encoded as one frame
// shared by all its sockets, because a write per event per socket is what limits throughput (DESIGN.md,
// performance notes) and deciding who may read each event per socket came next (bench/ingest.ts profile).
// While a socket replays its backlog, live events are held back for it alone and written after the replay,
// minus those the replay already covered: no gap, no duplicate.
import type { WebSocket } from "ws";
import type { SidetextEvent } from "../../src/protocol/events";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import type { Reader } from "../events/feed";
import { StreamVisibility } from "./visibility";

const FLUSH_MS = 10;
/** A client this far behind is disconnected; it resumes from its cursor when it reconnects. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Serialised {
  seq: number;
  json: string;
}

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
  /** The last seq published when it went live: its replay and held events covered up to there. */
  liveAfter: number;
}

/** Live sockets whose users are members of the same inboxes: they may read exactly the same events. */
interface Audience {
  reader: Reader;
  members: Set<StreamClient>;
  pending: Serialised[];
}

const audienceKey = (inboxIds: readonly string[]) => [...inboxIds].sort().join(",");

export class StreamHub {
  readonly visibility = new StreamVisibility();
  readonly clients = new Set<StreamClient>();
  private replaying = new Set<StreamClient>();
  private audiences = new Map<string, Audience>();
  private nextId = 1;
  /** The highest seq published so far. */
  private lastSeq = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private unsubscribe: () => void;

  constructor(ctx: ServerContext) {
    this.unsubscribe = ctx.bus.subscribe((events) => this.publish(events));
  }

  /** Registers a socket before its replay is read, so nothing committed meanwhile is missed. */
  join(user: AuthedUser, session: StreamSession, socket: WebSocket): StreamClient {
    const client: StreamClient = { id: this.nextId++, user, ...session, socket, held: [], liveAfter: 0 };
    this.clients.add(client);
    this.replaying.add(client);
    return client;
  }

  /** The replay is sent up to `cursor`: write the held events after it, then stream live with the audience. */
  goLive(client: StreamClient, cursor: number) {
    if (!this.clients.has(client)) return;
    const held = (client.held ?? []).filter((e) => e.seq > cursor);
    client.held = null;
    this.replaying.delete(client);
    client.liveAfter = this.lastSeq;
    if (held.length && this.writable(client)) client.socket.send(eventsFrame(held));
    const key = audienceKey(client.user.inboxIds);
    let audience = this.audiences.get(key);
    if (!audience) {
      audience = { reader: { inboxIds: [...client.user.inboxIds] }, members: new Set(), pending: [] };
      this.audiences.set(key, audience);
    }
    audience.members.add(client);
  }

  /** Nothing more is sent to the socket, not even what was collected for it. */
  leave(client: StreamClient) {
    this.clients.delete(client);
    this.replaying.delete(client);
    if (client.held) client.held = [];
    const key = audienceKey(client.user.inboxIds);
    const audience = this.audiences.get(key);
    if (audience?.members.delete(client) && audience.members.size === 0) this.audiences.delete(key);
  }

  stop() {
    this.unsubscribe();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const client of this.clients) client.socket.close(1001, "server shutting down");
    this.clients.clear();
    this.replaying.clear();
    this.audiences.clear();
  }

  private publish(events: SidetextEvent[]) {
    this.visibility.observe(events);
    if (events.length) this.lastSeq = Math.max(this.lastSeq, events[events.length - 1].seq);
    let queued = false;
    for (const event of events) {
      let serialised: Serialised | null = null;
      // The event as each reader may see it: itself (serialised once), or a contact without its profile.
      const encode = (shown: SidetextEvent): Serialised => {
        if (shown !== event) return { seq: event.seq, json: JSON.stringify(shown) };
        serialised ??= { seq: event.seq, json: JSON.stringify(event) };
        return serialised;
      };
      for (const audience of this.audiences.values()) {
        const shown = this.visibility.seenBy(audience.reader, event);
        if (!shown) continue;
        audience.pending.push(encode(shown));
        queued = true;
      }
      for (const client of this.replaying) {
        const shown = this.visibility.seenBy(client.user, event);
        if (shown) client.held!.push(encode(shown));
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
    for (const audience of this.audiences.values()) {
      if (audience.pending.length === 0) continue;
      const events = audience.pending;
      audience.pending = [];
      // Transactions commit in seq order, but keep the promise explicit for the client.
      events.sort((a, b) => a.seq - b.seq);
      let frame: Buffer | null = null;
      for (const client of audience.members) {
        if (!this.writable(client)) continue;
        if (client.liveAfter < events[0].seq) {
          frame ??= Buffer.from(eventsFrame(events));
          client.socket.send(frame, { binary: false });
        } else {
          // Just live: its replay or held events already covered the start of this batch.
          const rest = events.filter((e) => e.seq > client.liveAfter);
          if (rest.length) client.socket.send(eventsFrame(rest));
        }
      }
    }
  }

  /** Open and keeping up; a client too far behind is closed, to resume from its cursor. */
  private writable(client: StreamClient): boolean {
    if (client.socket.readyState !== client.socket.OPEN) return false;
    if (client.socket.bufferedAmount <= MAX_BUFFERED_BYTES) return true;
    client.socket.close(1013, "too far behind; reconnect with your cursor");
    return false;
  }
}

/** One `event` frame, or one `events` frame for several, built from already serialised events. */
function eventsFrame(events: Serialised[]): string {
  if (events.length === 1) return `{"type":"event","event":${events[0].json}}`;
  return `{"type":"events","events":[${events.map((e) => e.json).join(",")}]}`;
}
