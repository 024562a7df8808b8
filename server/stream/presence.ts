// Who is viewing or typing in which conversation. Presence lives only in memory, per socket: it is relayed
// to the other sockets of the conversation's inbox members, and a socket that drops goes idle everywhere.
// With several instances (PostgreSQL) it is shared through the cluster: each instance relays the others'
// presence to its own sockets and repeats its own every HEARTBEAT_MS; what an instance stops repeating (it
// died) goes idle after REMOTE_TTL_MS.
// Only changes are news: the state a socket already said for a conversation is not relayed again, and a
// socket's changes in one conversation go out at most once per RELAY_INTERVAL_MS (the latest state wins,
// relayed when the interval ends). A flood is cut before it gets here (stream.routes.ts, close 4429).
import type { Presence, PresenceState } from "../../src/protocol/stream";
import type { Cluster, PresenceNotice } from "../cluster/postgres-cluster";
import { now } from "../ids";
import type { StreamClient, StreamHub } from "./stream-hub";

const HEARTBEAT_MS = 10_000;
const REMOTE_TTL_MS = 3 * HEARTBEAT_MS;
/** At most this often per socket and conversation: 4 a second. */
export const RELAY_INTERVAL_MS = 250;

/** What one socket last told the others about one conversation, and a later change waiting its turn. */
interface Relayed {
  state: PresenceState;
  at: number;
  waiting: { inboxId: string; presence: Presence } | null;
  timer: NodeJS.Timeout | null;
}

export class PresenceBoard {
  /** conversationId → socket id (`instance:socket` for other instances') → what it last said. Idle entries are removed. */
  private byConversation = new Map<string, Map<number | string, Presence>>();
  /** When each other instance's socket was last heard of. */
  private remoteSeen = new Map<string, number>();
  /** Per local socket, per conversation: what was relayed and when. */
  private relayed = new Map<StreamClient, Map<string, Relayed>>();
  private stopCluster = () => {};

  constructor(
    private hub: StreamHub,
    private cluster: Cluster | null = null,
  ) {
    if (!cluster) return;
    const unsubscribe = cluster.onPresence((notice) => this.remote(notice));
    const heartbeat = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.stopCluster = () => {
      unsubscribe();
      clearInterval(heartbeat);
    };
  }

  stop() {
    this.stopCluster();
    for (const mine of this.relayed.values()) for (const relayed of mine.values()) if (relayed.timer) clearTimeout(relayed.timer);
    this.relayed.clear();
  }

  /** A socket says what its user is doing; ignored for conversations the user cannot see, or once it left. */
  update(client: StreamClient, conversationId: string, state: PresenceState) {
    if (!this.hub.clients.has(client)) return;
    const inboxId = this.hub.visibility.inboxOf(conversationId);
    if (!inboxId || !client.user.inboxIds.includes(inboxId)) return;
    const presence: Presence = { conversationId, userId: client.user.id, state, at: now() };
    let entries = this.byConversation.get(conversationId);
    if (state === "idle") {
      if (!entries?.delete(client.id)) return;
      if (entries.size === 0) this.byConversation.delete(conversationId);
    } else {
      if (entries?.get(client.id)?.state === state) return; // not news
      if (!entries) {
        entries = new Map();
        this.byConversation.set(conversationId, entries);
      }
      entries.set(client.id, presence);
    }
    this.announce(client, inboxId, presence);
  }

  /** Relays a socket's change now, or when its interval for the conversation ends (then only if still a change). */
  private announce(client: StreamClient, inboxId: string, presence: Presence) {
    let mine = this.relayed.get(client);
    if (!mine) {
      mine = new Map();
      this.relayed.set(client, mine);
    }
    const last = mine.get(presence.conversationId);
    const at = Date.now();
    if (!last || at - last.at >= RELAY_INTERVAL_MS) {
      if (last?.timer) clearTimeout(last.timer);
      mine.set(presence.conversationId, { state: presence.state, at, waiting: null, timer: null });
      this.relay(client, inboxId, presence);
      this.cluster?.sharePresence(inboxId, client.id, presence);
      return;
    }
    last.waiting = { inboxId, presence };
    last.timer ??= setTimeout(
      () => {
        last.timer = null;
        const waiting = last.waiting;
        last.waiting = null;
        if (!waiting || !this.hub.clients.has(client) || waiting.presence.state === last.state) return;
        last.state = waiting.presence.state;
        last.at = Date.now();
        this.relay(client, waiting.inboxId, waiting.presence);
        this.cluster?.sharePresence(waiting.inboxId, client.id, waiting.presence);
      },
      RELAY_INTERVAL_MS - (at - last.at),
    );
  }

  /** A socket closed: everything it was doing ends, and the others are told so. */
  drop(client: StreamClient) {
    // Told idle: what it said (the board), and what the others were told that a waiting change had not yet ended.
    const told = new Set<string>();
    for (const [conversationId, relayed] of this.relayed.get(client) ?? []) {
      if (relayed.timer) clearTimeout(relayed.timer);
      if (relayed.state !== "idle") told.add(conversationId);
    }
    this.relayed.delete(client);
    for (const [conversationId, entries] of this.byConversation) {
      if (!entries.delete(client.id)) continue;
      if (entries.size === 0) this.byConversation.delete(conversationId);
      told.add(conversationId);
    }
    for (const conversationId of told) {
      const inboxId = this.hub.visibility.inboxOf(conversationId);
      if (!inboxId) continue;
      const idle: Presence = { conversationId, userId: client.user.id, state: "idle", at: now() };
      this.relay(client, inboxId, idle);
      this.cluster?.sharePresence(inboxId, client.id, idle);
    }
  }

  /** Another instance's socket said something (or repeated it). */
  private remote({ instanceId, socketId, inboxId, presence }: PresenceNotice) {
    const key = `${instanceId}:${socketId}`;
    let entries = this.byConversation.get(presence.conversationId);
    const known = entries?.get(key);
    if (presence.state === "idle") {
      this.remoteSeen.delete(key);
      if (!entries?.delete(key)) return;
      if (entries.size === 0) this.byConversation.delete(presence.conversationId);
    } else {
      this.remoteSeen.set(key, Date.now());
      if (!entries) {
        entries = new Map();
        this.byConversation.set(presence.conversationId, entries);
      }
      entries.set(key, presence);
      // A heartbeat repeats what the others were already told.
      if (known?.state === presence.state) return;
    }
    this.relay(null, inboxId, presence);
  }

  /** Repeats this instance's presence to the others; ends what an instance that went quiet said. */
  private heartbeat() {
    const expired = Date.now() - REMOTE_TTL_MS;
    for (const [conversationId, entries] of this.byConversation) {
      const inboxId = this.hub.visibility.inboxOf(conversationId);
      for (const [key, presence] of entries) {
        if (typeof key === "number") {
          if (inboxId) this.cluster?.sharePresence(inboxId, key, presence);
        } else if ((this.remoteSeen.get(key) ?? 0) < expired) {
          const [instanceId, socketId] = key.split(":").map(Number);
          this.remote({ instanceId, socketId, inboxId: inboxId ?? "", presence: { ...presence, state: "idle", at: now() } });
        }
      }
    }
  }

  /** What others are doing now in the conversations `client` may see (sent once it is live). */
  visibleTo(client: StreamClient): Presence[] {
    const out: Presence[] = [];
    for (const [conversationId, entries] of this.byConversation) {
      const inboxId = this.hub.visibility.inboxOf(conversationId);
      if (!inboxId || !client.user.inboxIds.includes(inboxId)) continue;
      for (const [socketId, presence] of entries) if (socketId !== client.id) out.push(presence);
    }
    return out;
  }

  private relay(from: StreamClient | null, inboxId: string, presence: Presence) {
    const frame = JSON.stringify({ type: "presence", ...presence });
    for (const client of this.hub.clients) {
      if (client === from || client.held !== null || !client.user.inboxIds.includes(inboxId)) continue;
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
    }
  }
}
