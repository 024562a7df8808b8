// The detected languages of a conversation's texts (and of its contact), asked of the server once per
// conversation and again when a text it has not seen shows up; shared by every bubble of the thread.
import type { ConversationLanguages } from "../../../protocol/ai";
import type { ViewClient } from "../../common/client-context";
import { react } from "./react-bridge";

interface Entry {
  data: ConversationLanguages | null;
  loading: boolean;
  /** Asked again while a request was out (a text arrived meanwhile): ask once more when it answers. */
  again?: boolean;
}
const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

function load(client: ViewClient, conversationId: string) {
  const entry = entries.get(conversationId) ?? { data: null, loading: false };
  if (entry.loading) {
    // The answer on its way may predate the text that asks now; without this its bubble would wait forever.
    entries.set(conversationId, { ...entry, again: true });
    return;
  }
  entries.set(conversationId, { ...entry, loading: true, again: false });
  void client.send({ type: "ai.languages", conversationId }).then((r) => {
    const again = entries.get(conversationId)?.again;
    entries.set(conversationId, { data: r.ok ? r.data : entry.data, loading: false });
    notify();
    if (again) load(client, conversationId);
  });
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** The conversation's languages; `messageId` (optional) is one the answer must cover, else it is asked again. */
export function useConversationLanguages(client: ViewClient, conversationId: string | undefined, messageId?: string): ConversationLanguages | null {
  const data = react.useSyncExternalStore(subscribe, () => (conversationId ? (entries.get(conversationId)?.data ?? null) : null));
  const covered = !!data && (!messageId || messageId in data.messages);
  react.useEffect(() => {
    if (conversationId && !covered) load(client, conversationId);
  }, [client, conversationId, covered]);
  return data;
}
