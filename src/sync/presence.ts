// Who else is viewing or typing in a thread. Presence is ephemeral by nature, so it lives in memory only:
// a frame not refreshed within PRESENCE_TTL_MS is forgotten.
import type { Presence } from "../protocol/stream";
import type { Clock, TimerId } from "./clock";

const PRESENCE_TTL_MS = 60_000;

export function createPresence(deps: { clock: Clock; meId: () => string | null; onChange: (conversationId: string) => void }) {
  const byConversation = new Map<string, Map<string, { presence: Presence; timer: TimerId }>>();

  function forget(conversationId: string, userId: string) {
    const users = byConversation.get(conversationId);
    const entry = users?.get(userId);
    if (!users || !entry) return;
    deps.clock.clearTimeout(entry.timer);
    users.delete(userId);
    if (users.size === 0) byConversation.delete(conversationId);
    deps.onChange(conversationId);
  }

  return {
    receive(presence: Presence) {
      if (presence.userId === deps.meId()) return;
      if (presence.state === "idle") return forget(presence.conversationId, presence.userId);
      const users = byConversation.get(presence.conversationId) ?? new Map();
      const held = users.get(presence.userId);
      if (held) deps.clock.clearTimeout(held.timer);
      const timer = deps.clock.setTimeout(() => forget(presence.conversationId, presence.userId), PRESENCE_TTL_MS);
      users.set(presence.userId, { presence, timer });
      byConversation.set(presence.conversationId, users);
      deps.onChange(presence.conversationId);
    },
    list(conversationId: string): Presence[] {
      return [...(byConversation.get(conversationId)?.values() ?? [])].map((e) => e.presence);
    },
    clear() {
      for (const [conversationId, users] of byConversation) for (const userId of [...users.keys()]) forget(conversationId, userId);
    },
  };
}
