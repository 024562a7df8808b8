// The framed panel (tabs/panel.tsx) keeps the last few records it was told of warm: the number's phone topic
// and the thread of its newest conversation stay subscribed, and their snapshots stay in the page's
// react-query cache. Back on one of them (a rep goes back and forth between a few records), the thread
// renders from that cache in the first render after the switch, with no worker round trip before it; the
// views' own subscriptions still start and take over. The cache stays fresh meanwhile: the worker keeps
// pushing each held topic's changes. A new record starts the same way (phone, then its newest thread), ahead
// of React's effects.
import { QueryObserver, type QueryClient } from "@tanstack/react-query";
import type { Topic, TopicSnapshot } from "~src/protocol/messages";
import type { SidetextClient, SubscriptionState } from "~src/ui/common/client";
import { topicKey } from "~src/ui/common/client-context";
import { choosePhone } from "~src/ui/panel/choose-number";

interface HoldDeps {
  queries: QueryClient;
  subscribe: SidetextClient["subscribe"];
}

/**
 * One worker subscription per topic however many listen in this page (the head start, recent records, the
 * views): a view opening a held topic costs no round trip, and it hears first the snapshot already in the cache
 * (the same object, so react-query renders nothing new for it).
 */
export function sharing(client: SidetextClient): SidetextClient {
  type Listener = (state: SubscriptionState<never>) => void;
  const shared = new Map<string, { listeners: Set<Listener>; last: SubscriptionState<never> | null; off(): void }>();
  return {
    send: (command) => client.send(command),
    close: () => client.close(),
    subscribe(topic, listener) {
      const key = JSON.stringify(topic);
      let entry = shared.get(key);
      if (!entry) {
        const listeners = new Set<Listener>();
        const created = { listeners, last: null as SubscriptionState<never> | null, off: () => {} };
        shared.set(key, created);
        created.off = client.subscribe(topic, (state) => {
          created.last = state as SubscriptionState<never>;
          for (const hear of [...listeners]) hear(created.last);
        });
        entry = created;
      } else if (entry.last) listener(entry.last);
      const mine = entry;
      mine.listeners.add(listener as Listener);
      return () => {
        if (!mine.listeners.delete(listener as Listener) || mine.listeners.size > 0) return;
        mine.off();
        shared.delete(key);
      };
    },
  };
}

/**
 * Keeps `topic`'s entry in `queries` and fresh until the returned function is called. While a view reads the
 * entry, the view's own subscription writes it and this one does not (one write per change); when the last
 * view goes, this one writes the latest it has. `onReady` hears every ready snapshot.
 */
export function holdTopic<T extends Topic>({ queries, subscribe }: HoldDeps, topic: T, onReady?: (data: TopicSnapshot<T>) => void): () => void {
  const queryKey = topicKey(topic);
  const cache = queries.getQueryCache();
  // An observer keeps the entry: the cache drops entries nobody observes (gcTime 0).
  const offObserver = new QueryObserver(queries, { queryKey, enabled: false }).subscribe(() => {});
  const query = cache.find({ queryKey, exact: true });
  const viewsRead = () => (query?.getObserversCount() ?? 0) > 1;
  let last: SubscriptionState<TopicSnapshot<T>> | null = null;
  const write = () => {
    if (last) queries.setQueryData(queryKey, last);
  };
  const offCache = cache.subscribe((event) => {
    if (event.type === "observerRemoved" && event.query === query && !viewsRead()) write();
  });
  const offTopic = subscribe(topic, (state) => {
    if (state.status !== "ready") return; // an error or a reconnect: the views say so when they read it
    last = state;
    const cached = queries.getQueryData<SubscriptionState<unknown>>(queryKey);
    if (cached?.status !== "ready" || !viewsRead()) write();
    onReady?.(state.data);
  });
  return () => {
    offTopic();
    offCache();
    offObserver();
  };
}

type Conversations = TopicSnapshot<{ type: "phone"; e164: string }>["conversations"];
/** PanelNumber's default: the newest conversation with the number (src/ui/panel/PanelNumber.tsx). */
const newestOf = (conversations: Conversations) =>
  conversations.reduce<Conversations[number] | undefined>((best, c) => (!best || (c.lastMessageAt ?? "") > (best.lastMessageAt ?? "") ? c : best), undefined);

/** How many records stay warm: the open one and the two before it. */
const RECENT = 3;

/**
 * The records the panel was told of, newest last. `open` warms one (again) and lets the oldest go; `onReady`
 * hears when the record's thread is in the cache (or its number has no conversation): at once when it is warm.
 */
export function recentRecords(deps: HoldDeps, size = RECENT) {
  const held = new Map<string, { release(): void; whenReady(then: () => void): void }>(); // by number, in order of use
  return {
    open(e164: string, onReady: () => void = () => {}) {
      const warm = held.get(e164);
      held.delete(e164);
      if (warm) {
        held.set(e164, warm);
        return warm.whenReady(onReady);
      }
      let waiting: Array<() => void> | null = [onReady];
      const ready = () => {
        for (const then of waiting?.splice(0) ?? []) then();
        waiting = null;
      };
      let threadId: string | null = null;
      let releaseThread = () => {};
      let firstPhone = true;
      const releasePhone = holdTopic(deps, { type: "phone", e164 }, ({ conversations }) => {
        if (firstPhone) performance.mark("sidetext:ahead-phone"); // bench/panel-switch.ts
        firstPhone = false;
        const id = newestOf(conversations)?.id ?? null;
        if (!id) ready(); // nothing to wait for: the panel offers to start a conversation
        if (id === threadId) return;
        releaseThread();
        threadId = id;
        let firstThread = true;
        releaseThread = id
          ? holdTopic(deps, { type: "thread", conversationId: id }, () => {
              if (firstThread) performance.mark("sidetext:ahead-thread");
              firstThread = false;
              ready();
            })
          : () => {};
      });
      held.set(e164, {
        release() {
          releasePhone();
          releaseThread();
        },
        whenReady: (then) => (waiting ? waiting.push(then) : then()),
      });
      for (const [number, record] of held) {
        if (held.size <= size) break;
        record.release();
        held.delete(number);
      }
    },
  };
}

/**
 * Chrome's side panel (sidepanel/index.tsx): warms each record the `record` topic shows, on the number the
 * panel opens on (PanelApp: the one the rep gave, else choosePhone's). Its page outlives the CRM tab's loads,
 * so going back to a record seen lately renders its thread from the cache at once, like the framed panel.
 */
export function warmRecordsOf(subscribe: SidetextClient["subscribe"], recent: ReturnType<typeof recentRecords>, topic: Extract<Topic, { type: "record" }>) {
  return subscribe(topic, (state) => {
    if (state.status !== "ready" || !state.data.record) return;
    const { record, picked, lastMessageAt } = state.data;
    const e164 = picked?.phone.e164 ?? choosePhone(record.phones, lastMessageAt)?.e164;
    if (e164) recent.open(e164);
  });
}

/** The thread PanelNumber opens on for `e164` (its newest conversation's), when both snapshots are in the cache. */
export function cachedThreadOf(queries: QueryClient, e164: string): TopicSnapshot<{ type: "thread"; conversationId: string }> | null {
  const phone = queries.getQueryData<SubscriptionState<TopicSnapshot<{ type: "phone"; e164: string }>>>(topicKey({ type: "phone", e164 }));
  const newest = phone?.status === "ready" ? newestOf(phone.data.conversations) : undefined;
  if (!newest) return null;
  const thread = queries.getQueryData<SubscriptionState<TopicSnapshot<{ type: "thread"; conversationId: string }>>>(
    topicKey({ type: "thread", conversationId: newest.id }),
  );
  return thread?.status === "ready" ? thread.data : null;
}
