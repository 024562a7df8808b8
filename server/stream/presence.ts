// Who is viewing or typing in which conversation. Presence lives only in memory, per socket: it is relayed
// to the other sockets of the conversation's inbox members, and a socket that drops goes idle everywhere.
// With several instances (PostgreSQL) it is shared through the cluster: each instance relays the others'
// presence to its own sockets and repeats its own every HEARTBEAT_MS; what an instance stops repeating (it
// died) goes idle after REMOTE_TTL_MS.
import type { Presence, PresenceState } from "../../src/protocol/stream";
import type { Cluster, PresenceNotice } from "../cluster/postgres-cluster";
import { now } from "../ids";
import type { StreamClient, StreamHub } from "./stream-hub";

const HEARTBEAT_MS = 10_000;
const REMOTE_TTL_MS = 3 * HEARTBEAT_MS;

export class PresenceBoard {
  /** conversationId → socket id (`instance:socket` for other instances') → what it last said. Idle entries are removed. */
  private byConversation = new Map<string, Map<number | string, Presence>>();
  /** When each other instance's socket was last heard of. */
  private remoteSeen = new Map<string, number>();
  private stopCluster = () => {};

  constructor(private hub: StreamHub, private cluster: Cluster | null = null) {
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
      if (!entries) this.byConversation.set(conversationId, (entries = new Map()));
      entries.set(client.id, presence);
    }
    this.relay(client, inboxId, presence);
    this.cluster?.sharePresence(inboxId, client.id, presence);
  }

  /** A socket closed: everything it was doing ends, and the others are told so. */
  drop(client: StreamClient) {
    for (const [conversationId, entries] of this.byConversation) {
      if (!entries.has(client.id)) continue;
      entries.delete(client.id);
      if (entries.size === 0) this.byConversation.delete(conversationId);
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
      if (!entries) this.byConversation.set(presence.conversationId, (entries = new Map()));
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
