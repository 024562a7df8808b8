// The framed panel's recent records (src/crm/panel-recent.ts): the last three records' phone topic and newest
// thread stay subscribed and fresh in the page's react-query cache, so going back to one renders its thread
// from the cache. Driven through the real port client (src/ui/common/client.ts) over a fake port: the worker.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { holdTopic, recentRecords, sharing, warmRecordsOf } from "~src/crm/panel-recent";
import type { PortLike } from "~src/platform/messaging";
import type { Topic } from "~src/protocol/messages";
import { createClient, type SubscriptionState } from "~src/ui/common/client";
import { topicKey } from "~src/ui/common/client-context";

// The client's default transport is the extension's messaging, which node has not; this test hands in its own.
vi.mock("~src/platform/messaging", () => ({ messaging: {} }));

/** A worker at the port's far end: what is subscribed now, and a way to push a topic's snapshot. */
function fakeWorker() {
  const subscribed = new Map<string, Topic>();
  let deliver: (frame: unknown) => void = () => {};
  const port: PortLike = {
    name: "sidetext",
    tabId: null,
    post(frame) {
      const f = frame as { type: string; id: string; topic?: Topic };
      if (f.type === "subscribe") subscribed.set(f.id, f.topic!);
      if (f.type === "unsubscribe") subscribed.delete(f.id);
    },
    onMessage: (listener) => {
      deliver = listener;
    },
    onDisconnect: () => {},
    disconnect: () => {},
  };
  const client = createClient({ connect: () => port, send: async () => ({ ok: true }) });
  const topics = () => [...subscribed.values()].map((t) => JSON.stringify(t));
  const push = (topic: Topic, data: unknown) => {
    for (const [id, t] of subscribed) if (JSON.stringify(t) === JSON.stringify(topic)) deliver({ type: "snapshot", id, data });
  };
  return { client, topics, push };
}

const queriesFor = () => new QueryClient({ defaultOptions: { queries: { enabled: false, staleTime: Number.POSITIVE_INFINITY, gcTime: 0 } } });
const cached = (queries: QueryClient, topic: Topic) => queries.getQueryData<SubscriptionState<unknown>>(topicKey(topic))?.data;
/** A view reading the topic the way useQuery does (an observer on its entry); returns its unmount. */
const view = (queries: QueryClient, topic: Topic) => new QueryObserver(queries, { queryKey: topicKey(topic), enabled: false }).subscribe(() => {});
const settle = () => new Promise((r) => setTimeout(r, 0));

const phone = (e164: string) => ({ type: "phone", e164 }) as const;
const thread = (conversationId: string) => ({ type: "thread", conversationId }) as const;
const conversations = (...list: Array<[id: string, lastMessageAt: string]>) => ({
  conversations: list.map(([id, lastMessageAt]) => ({ id, inboxId: `inb-${id}`, lastMessageAt })),
});

describe("recent records in the framed panel", () => {
  it("holds the number's phone topic and its newest conversation's thread, fresh after the views have gone", async () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    recentRecords({ queries, subscribe: worker.client.subscribe }).open("+14155550123");
    expect(worker.topics()).toEqual([JSON.stringify(phone("+14155550123"))]);
    worker.push(phone("+14155550123"), conversations(["c-old", "2026-01-01T00:00:00Z"], ["c-new", "2026-02-01T00:00:00Z"]));
    expect(worker.topics()).toContain(JSON.stringify(thread("c-new")));
    worker.push(thread("c-new"), { messages: ["hi"] });
    expect(cached(queries, thread("c-new"))).toEqual({ messages: ["hi"] });

    // The record's views come and go (the rep switched away); a text arrives meanwhile.
    const leave = view(queries, thread("c-new"));
    leave();
    await settle();
    worker.push(thread("c-new"), { messages: ["hi", "while away"] });
    await settle();
    expect(cached(queries, thread("c-new"))).toEqual({ messages: ["hi", "while away"] });
  });

  it("writes nothing while a view reads the topic, and the latest it heard when the last view goes", async () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    const topic = thread("c1");
    holdTopic({ queries, subscribe: worker.client.subscribe }, topic);
    worker.push(topic, { v: 1 });
    const leave = view(queries, topic);
    queries.setQueryData(topicKey(topic), { status: "ready", data: { v: "the view's own" }, error: null });
    worker.push(topic, { v: 2 });
    expect(cached(queries, topic)).toEqual({ v: "the view's own" });
    leave();
    expect(cached(queries, topic)).toEqual({ v: 2 });
  });

  it("keeps three records; the fourth lets the oldest go, its topics unsubscribed and out of the cache", async () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    const recent = recentRecords({ queries, subscribe: worker.client.subscribe });
    for (const n of ["+1", "+2", "+3"]) {
      recent.open(n);
      worker.push(phone(n), conversations([`c${n}`, "2026-01-01T00:00:00Z"]));
      worker.push(thread(`c${n}`), { n });
    }
    recent.open("+1"); // used again: now the newest, asks nothing new
    expect(worker.topics()).toHaveLength(6);
    recent.open("+4");
    await settle();
    expect(worker.topics()).not.toContain(JSON.stringify(phone("+2")));
    expect(worker.topics()).not.toContain(JSON.stringify(thread("c+2")));
    expect(worker.topics()).toContain(JSON.stringify(thread("c+1")));
    expect(cached(queries, thread("c+2"))).toBeUndefined();
    expect(cached(queries, thread("c+1"))).toEqual({ n: "+1" });
  });

  it("follows the number's newest conversation when another one gets the latest text", () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    recentRecords({ queries, subscribe: worker.client.subscribe }).open("+1");
    worker.push(phone("+1"), conversations(["main", "2026-02-01T00:00:00Z"], ["support", "2026-01-01T00:00:00Z"]));
    worker.push(phone("+1"), conversations(["main", "2026-02-01T00:00:00Z"], ["support", "2026-03-01T00:00:00Z"]));
    expect(worker.topics()).toContain(JSON.stringify(thread("support")));
    expect(worker.topics()).not.toContain(JSON.stringify(thread("main")));
  });

  it("says when the record's thread is in the cache, and at once for a warm record or a number with no conversation", () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    const recent = recentRecords({ queries, subscribe: worker.client.subscribe });
    const heard: string[] = [];
    recent.open("+1", () => heard.push(`ready, thread ${JSON.stringify(cached(queries, thread("c1")))}`));
    worker.push(phone("+1"), conversations(["c1", "2026-01-01T00:00:00Z"]));
    expect(heard).toEqual([]);
    worker.push(thread("c1"), { messages: 1 });
    expect(heard).toEqual(['ready, thread {"messages":1}']);
    recent.open("+1", () => heard.push("warm"));
    expect(heard).toHaveLength(2);
    recent.open("+2", () => heard.push("no conversation"));
    worker.push(phone("+2"), conversations());
    expect(heard.slice(1)).toEqual(["warm", "no conversation"]);
  });

  it("shares one worker subscription per topic: a second listener asks nothing and hears the last snapshot at once", () => {
    const worker = fakeWorker();
    const client = sharing(worker.client);
    const heard: unknown[] = [];
    const offHold = client.subscribe(thread("c1"), (state) => heard.push(["hold", state.data]));
    worker.push(thread("c1"), { v: 1 });
    const offView = client.subscribe(thread("c1"), (state) => heard.push(["view", state.data]));
    expect(worker.topics()).toEqual([JSON.stringify(thread("c1"))]);
    worker.push(thread("c1"), { v: 2 });
    expect(heard).toEqual([
      ["hold", { v: 1 }],
      ["view", { v: 1 }],
      ["hold", { v: 2 }],
      ["view", { v: 2 }],
    ]);
    offHold();
    expect(worker.topics()).toHaveLength(1);
    offView();
    expect(worker.topics()).toEqual([]);
  });

  it("Chrome's side panel: warms each record its record topic shows, on the number the panel opens on", () => {
    const worker = fakeWorker();
    const queries = queriesFor();
    const recent = recentRecords({ queries, subscribe: worker.client.subscribe });
    const tab = { type: "record", tabId: 7 } as const;
    const off = warmRecordsOf(worker.client.subscribe, recent, tab);
    const rec = (url: string, ...phones: Array<[e164: string, label: string]>) => ({
      url,
      name: url,
      phones: phones.map(([e164, label]) => ({ e164, label, raw: e164 })),
    });
    worker.push(tab, { tabId: 7, record: null, picked: null, lastMessageAt: {} });
    expect(worker.topics()).toEqual([JSON.stringify(tab)]);
    // Two numbers: the one with the most recent conversation, as PanelApp opens it (choosePhone).
    worker.push(tab, { tabId: 7, record: rec("a", ["+1", "work"], ["+2", "mobile"]), picked: null, lastMessageAt: { "+1": "2026-01-01T00:00:00Z" } });
    expect(worker.topics()).toContain(JSON.stringify(phone("+1")));
    worker.push(phone("+1"), conversations(["c1", "2026-01-01T00:00:00Z"]));
    worker.push(thread("c1"), { messages: ["hi"] });
    // The number the rep gave wins.
    worker.push(tab, { tabId: 7, record: rec("b", ["+3", "work"]), picked: { phone: { e164: "+4" }, at: "now" }, lastMessageAt: {} });
    expect(worker.topics()).toContain(JSON.stringify(phone("+4")));
    expect(worker.topics()).not.toContain(JSON.stringify(phone("+3")));
    off();
    // Record "a" stays warm after the rep left it: its thread is in the cache for the way back.
    expect(cached(queries, thread("c1"))).toEqual({ messages: ["hi"] });
    expect(worker.topics()).not.toContain(JSON.stringify(tab));
  });
});
