// Search beyond names, numbers and previews: the worker looks through the message text its cache holds
// (threads opened on this device). The instant local match paints first; these ids arrive a moment later.
import { useEffect, useState } from "react";
import { useClient } from "../common/client-context";

export interface TextSearch {
  /** Conversations with a cached message matching the query. */
  ids: ReadonlySet<string>;
  /** How many conversations had message text to search. */
  searched: number;
}

const DEBOUNCE_MS = 60;

export function useMessageSearch(query: string): TextSearch | null {
  const client = useClient();
  const q = query.trim();
  const [result, setResult] = useState<{ q: string; search: TextSearch } | null>(null);
  useEffect(() => {
    if (q.length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      void client.send({ type: "search", query: q }).then((res) => {
        if (live && res.ok && res.data) setResult({ q, search: { ids: new Set(res.data.conversationIds), searched: res.data.searchedConversations } });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, q]);
  return result && result.q === q ? result.search : null;
}
