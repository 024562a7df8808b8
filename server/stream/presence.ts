// Who is viewing or typing in which conversation. Presence lives only in memory, per socket: it is relayed
// to the other sockets of the conversation's inbox members, and a socket that drops goes idle everywhere.
import type { Presence, PresenceState } from "../../src/protocol/stream";
import { now } from "../ids";
import type { StreamClient, StreamHub } from "./stream-hub";

export class PresenceBoard {
  /** conversationId → socket id → what that socket last said. Idle entries are removed. */
  private byConversation = new Map<string, Map<number, Presence>>();

  constructor(private hub: StreamHub) {}

  /** A socket says what its user is doing; ignored for conversations the user cannot see. */
  update(client: StreamClient, conversationId: string, state: PresenceState) {
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
  }

  /** A socket closed: everything it was doing ends, and the others are told so. */
  drop(client: StreamClient) {
    for (const [conversationId, entries] of this.byConversation) {
      if (!entries.has(client.id)) continue;
      entries.delete(client.id);
      if (entries.size === 0) this.byConversation.delete(conversationId);
      const inboxId = this.hub.visibility.inboxOf(conversationId);
      if (inboxId) this.relay(client, inboxId, { conversationId, userId: client.user.id, state: "idle", at: now() });
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

  private relay(from: StreamClient, inboxId: string, presence: Presence) {
    const frame = JSON.stringify({ type: "presence", ...presence });
    for (const client of this.hub.clients) {
      if (client === from || client.held !== null || !client.user.inboxIds.includes(inboxId)) continue;
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
    }
  }
}
