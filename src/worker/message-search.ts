// Search over the message text the cache holds (threads opened on this device). The text is gathered into
// one lowercase string per conversation on the first search and kept until the messages table is written, so
// a search is a scan over a few hundred strings in memory (well under the popup's 30 ms), not a cursor
// over IndexedDB per keystroke.
import type { SidetextDb } from "../db/schema";

export interface MessageSearchResult {
  /** Conversations with a cached message matching every word, newest message first. */
  conversationIds: string[];
  /** How many conversations have message text in the cache (what "searched" covers). */
  searchedConversations: number;
}

interface Entry {
  id: string;
  text: string;
  latest: string;
}

export function createMessageSearch(db: SidetextDb) {
  let entries: Promise<Entry[]> | null = null;
  let loadedAt = -1; // the messages table's write count the text was gathered at

  async function load(): Promise<Entry[]> {
    const byConversation = new Map<string, Entry>();
    for (const m of await db.messages.toArray()) {
      const e = byConversation.get(m.conversationId) ?? { id: m.conversationId, text: "", latest: "" };
      e.text += `\n${m.body.toLowerCase()}`;
      if (m.createdAt > e.latest) e.latest = m.createdAt;
      byConversation.set(m.conversationId, e);
    }
    return [...byConversation.values()].sort((a, b) => (a.latest < b.latest ? 1 : -1));
  }

  return async function search(query: string): Promise<MessageSearchResult> {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (db.writeCount("messages") !== loadedAt) {
      loadedAt = db.writeCount("messages");
      entries = load().catch((err) => {
        entries = null;
        loadedAt = -1;
        throw err;
      });
    }
    const all = await entries!;
    const conversationIds = words.length ? all.filter((e) => words.every((w) => e.text.includes(w))).map((e) => e.id) : [];
    return { conversationIds, searchedConversations: all.length };
  };
}
