// The views' one way to the worker. An entry (popup/, options/, sidepanel/, tabs/panel) wraps its app in
// <ClientProvider client={runtimeViewClient}> (./runtime-client.ts); tests and the jsdom benchmark hand in an in-memory client
// instead, so containers run the same against each.
//
//   const session = useClient().useSubscription({ type: "session" });   // snapshot, or undefined until the first push
//   const r = await useClient().send({ type: "note.add", conversationId, body });   // CommandResult, never throws
//   const state = useTopicState({ type: "session" });    // ./runtime-client: { status, data, error } for pages that say why
//
// The runtime client writes each snapshot the worker pushes into this page's react-query cache (setQueryData),
// so every view of a topic reads one entry and commands (use-commands.ts) can update it optimistically.
// The port stream itself stays ours (src/ui/common/client.ts): it reconnects and re-subscribes by itself.
import { notifyManager, QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { CommandOf, CommandResult, CommandType, Topic, TopicSnapshot } from "../../protocol/messages";
import type { SidetextClient, SubscriptionState } from "./client";

export interface ViewClient {
  /** The latest snapshot of a topic, or undefined until the worker's first push. */
  useSubscription<T extends Topic>(topic: T): TopicSnapshot<T> | undefined;
  send<T extends CommandType>(command: CommandOf<T>): Promise<CommandResult<T>>;
  /** The cache the snapshots live in, when the client keeps them in react-query (the runtime client does). */
  queries?: QueryClient;
}

/** One topic's cache entry: the whole SubscriptionState, so an error frame keeps the last snapshot beside it. */
export const topicKey = (topic: Topic) => ["topic", topic.type, topic] as const;

// react-query tells views of a change a whole task later by default (setTimeout 0); a snapshot should paint in
// the frame it arrived in (the panel's record switch is timed, bench/panel-switch.ts), so: the next microtask.
notifyManager.setScheduler(queueMicrotask);

function createQueryCache(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Snapshots come only from the worker: never fetched, never refetched, and kept exactly as pushed (a
      // new push is a new object, which tabs/panel.tsx relies on; deep-comparing 5,000 rows would cost too).
      // Dropped once no view reads them, so a topic opened again starts from "loading" as before.
      queries: { enabled: false, staleTime: Infinity, gcTime: 0, retry: false, structuralSharing: false },
      mutations: { retry: false },
    },
  });
}

const loading = { status: "loading", data: null, error: null } as const;

/** A ViewClient over a port client: snapshots go into `queries` as they arrive. */
export function viewClientOver(connect: () => SidetextClient, queries: QueryClient = createQueryCache()) {
  const live = new Map<string, { readers: number; off: () => void }>();
  // biome-ignore lint/correctness/noComponentHookFactories: one hook per client, over its port and cache; a page makes its client once, so every render calls the same hook.
  function useTopicState<T extends Topic>(topic: T): SubscriptionState<TopicSnapshot<T>> {
    const key = JSON.stringify(topic);
    const stableTopic = useMemo(() => JSON.parse(key) as T, [key]);
    const queryKey = useMemo(() => topicKey(stableTopic), [stableTopic]);
    const { data } = useQuery<SubscriptionState<TopicSnapshot<T>>>({ queryKey, queryFn: () => loading }, queries);
    useEffect(() => {
      // One port subscription per topic however many views read it; the last one to go ends it.
      let shared = live.get(key);
      if (!shared) {
        shared = { readers: 0, off: connect().subscribe(stableTopic, (state) => queries.setQueryData(queryKey, state)) };
        live.set(key, shared);
      }
      const mine = shared;
      mine.readers++;
      return () => {
        if (--mine.readers > 0) return;
        mine.off();
        live.delete(key);
      };
    }, [key, stableTopic, queryKey]);
    return data ?? loading;
  }
  const client: ViewClient = {
    queries,
    useSubscription<T extends Topic>(topic: T): TopicSnapshot<T> | undefined {
      return useTopicState(topic).data ?? undefined;
    },
    send: <T extends CommandType>(command: CommandOf<T>) => connect().send(command),
  };
  return { ...client, queries, useTopicState };
}

const ClientContext = createContext<ViewClient | null>(null);

export function ClientProvider({ client, children }: { client: ViewClient; children: ReactNode }) {
  const [own] = useState(createQueryCache);
  return (
    <QueryClientProvider client={client.queries ?? own}>
      <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
    </QueryClientProvider>
  );
}

/** The client, or null outside a provider: for extras a view can do without (AI, send later, pre-send check). */
export function useOptionalClient(): ViewClient | null {
  return useContext(ClientContext);
}

export function useClient(): ViewClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useClient needs a <ClientProvider>");
  return client;
}
