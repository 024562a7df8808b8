// Live data for views: a view opens a runtime.Port named "sidetext", subscribes to topics, and gets a
// fresh snapshot whenever something behind the topic changes (debounced a few ms, sent only when it differs).
import type { TableName } from "../db/schema";
import { PORT_NAME, Topic, type TopicData, type TopicType, type ViewFrame, type WorkerFrame } from "../protocol/messages";
import type { PortLike } from "../platform/messaging";
import type { WorkerContext } from "./context";
import { accessOf, forbiddenMessage, type Access } from "./sender-trust";
import { computeTopic, tablesByTopic } from "./topics";
import { computeAheadOfPanel } from "./topics/ahead";
import { now as timingNow, recordMark, recordMeasure, TIMING } from "../sync/timing";

const SNAPSHOT_DEBOUNCE_MS = 4;
/** A phone or thread snapshot computed ahead (./topics/ahead.ts) or for another view serves new subscriptions this long. */
const AHEAD_TTL_MS = 2000;

interface Subscription {
  port: PortLike;
  id: string;
  topic: Topic;
  last: string | null;
  dirty: boolean;
}

export function createSubscriptionHub(ctx: WorkerContext, options: { debounceMs?: number } = {}) {
  const subs = new Set<Subscription>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  // Phone and thread snapshots computed lately (ahead of the panel, or for another view), by topic: a new
  // subscription starts from one instead of reading IndexedDB again. Dropped by any change that could alter
  // them (invalidate), and after AHEAD_TTL_MS.
  const ahead = new Map<string, { topic: Topic; data: Promise<TopicData[TopicType]>; at: number }>();
  const shareable = (topic: Topic) => topic.type === "phone" || topic.type === "thread";

  function put(topic: Topic, data: Promise<TopicData[TopicType]>) {
    const key = JSON.stringify(topic);
    const entry = { topic, data, at: Date.now() };
    ahead.set(key, entry);
    data.catch(() => ahead.get(key) === entry && ahead.delete(key));
  }

  function firstSnapshot(sub: Subscription) {
    if (!shareable(sub.topic)) return computeTopic(ctx, sub.topic, sub.port.tabId);
    const hit = ahead.get(JSON.stringify(sub.topic));
    if (hit && Date.now() - hit.at < AHEAD_TTL_MS) return hit.data;
    const data = computeTopic(ctx, sub.topic, sub.port.tabId);
    put(sub.topic, data);
    return data;
  }

  function computeAhead(tabId: number) {
    computeAheadOfPanel(ctx, tabId, put).catch(() => {}); // only a head start: the subscription computes it anyway
  }

  async function refresh(sub: Subscription) {
    sub.dirty = false;
    let frame: WorkerFrame;
    const started = timingNow();
    try {
      const data = sub.last === null ? firstSnapshot(sub) : computeTopic(ctx, sub.topic, sub.port.tabId);
      frame = { type: "snapshot", id: sub.id, data: await data };
      recordMeasure(`${TIMING.snapshotCompute}:${sub.topic.type}`, started);
    } catch (err) {
      frame = { type: "error", id: sub.id, error: { code: "internal", message: err instanceof Error ? err.message : String(err), status: 0 } };
    }
    if (!subs.has(sub)) return;
    const json = JSON.stringify(frame);
    if (json === sub.last) return;
    sub.last = json;
    try {
      sub.port.post(frame);
      recordMark(TIMING.snapshotSent);
    } catch {
      subs.delete(sub); // the view went away between two frames
    }
  }

  function schedule() {
    if (timer !== null || running) return;
    timer = setTimeout(() => {
      timer = null;
      running = (async () => {
        const dirty = [...subs].filter((s) => s.dirty);
        await Promise.all(dirty.map(refresh));
      })().finally(() => {
        running = null;
        if ([...subs].some((s) => s.dirty)) schedule();
      });
    }, options.debounceMs ?? SNAPSHOT_DEBOUNCE_MS);
  }

  /** Marks the subscriptions `affects` selects as stale; they are recomputed shortly. */
  function invalidate(affects: (sub: Subscription) => boolean) {
    let any = false;
    for (const [key, { topic }] of ahead) if (affects({ topic, last: null, port: { tabId: null } } as Subscription)) ahead.delete(key);
    for (const sub of subs) if (affects(sub)) any = sub.dirty = true;
    if (any) schedule();
  }

  function attach(port: PortLike) {
    if (port.name !== PORT_NAME) return;
    // Decided once per port, at its first frame (the CRM panel's presents its token); frames wait for it in order.
    let access: Promise<Access> | null = null;
    port.onMessage((message) => {
      if (!access) {
        const presented = (message as ViewFrame)?.type === "present" ? (message as { token?: unknown }).token : undefined;
        const token = typeof presented === "string" ? presented : undefined;
        access = port.sender ? accessOf(port.sender, ctx.panelTokens, token) : Promise.resolve("none");
      }
      void access.then((a) => receive(port, a, message));
    });
    port.onDisconnect(() => {
      for (const sub of subs) if (sub.port === port) subs.delete(sub);
    });
  }

  function post(port: PortLike, frame: WorkerFrame) {
    try {
      port.post(frame);
    } catch {
      // the view went away meanwhile
    }
  }

  function receive(port: PortLike, access: Access, message: unknown) {
    const frame = message as ViewFrame;
    if (frame?.type === "unsubscribe") {
      for (const sub of subs) if (sub.port === port && sub.id === frame.id) subs.delete(sub);
      return;
    }
    if (frame?.type !== "subscribe" || typeof frame.id !== "string") return;
    // Topics are the signed-in user's data: only our own pages (and the panel our content script mounted).
    if (access !== "full") {
      post(port, { type: "error", id: frame.id, error: { code: "forbidden", message: forbiddenMessage(access), status: 0 } });
      return;
    }
    const topic = Topic.safeParse(frame.topic);
    if (!topic.success) {
      post(port, { type: "error", id: frame.id, error: { code: "invalid_command", message: topic.error.issues[0]?.message ?? "invalid topic", status: 0 } });
      return;
    }
    const sub: Subscription = { port, id: frame.id, topic: topic.data, last: null, dirty: false };
    subs.add(sub);
    void refresh(sub);
  }

  const byType =
    (...types: TopicType[]) =>
    (sub: Subscription) =>
      types.includes(sub.topic.type);
  const offs = [
    ctx.db.onTablesChanged((tables: ReadonlySet<TableName>) => invalidate((sub) => [...tables].some((t) => tablesByTopic[sub.topic.type].has(t)))),
    ctx.engine.onConnectionChange(() => invalidate(byType("session", "inbox", "thread", "phone"))),
    ctx.engine.onMemoryChange(() => invalidate(byType("thread", "phone"))),
    // Only lists that show the conversation (a 5,000-row list is not recomputed for a teammate elsewhere).
    ctx.engine.onPresenceChange((id) => invalidate((sub) => sub.topic.type === "inbox" && (sub.last === null || sub.last.includes(`"${id}"`)))),
    ctx.records.onSeen(() => invalidate(byType("thread"))),
    ctx.lookups.onChange(() => invalidate(byType("phone"))),
    ctx.counts.onChange(() => invalidate(byType("inbox"))),
    ctx.settings.onChange(() => invalidate(byType("session"))),
    ctx.records.onChange((tabId) => {
      invalidate((sub) => sub.topic.type === "record" && (sub.topic.tabId ?? sub.port.tabId) === tabId);
      computeAhead(tabId);
    }),
  ];

  return {
    attach,
    /** Subscriptions currently open (diagnostics, tests). */
    get size() {
      return subs.size;
    },
    /**
     * Resolves once no snapshot waits to be computed or sent (diagnostics, browser tests). It looks a task
     * later first, so tables written just before (announced a task after the write) count.
     */
    async settled(): Promise<void> {
      const aTaskLater = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
      for (;;) {
        await aTaskLater();
        // A snapshot takes the last known count and refreshes it behind (./counts.ts): a changed count is a
        // second snapshot, so counts in flight are waited for first.
        if (!(await ctx.counts.idle())) continue;
        if (timer === null && !running && ![...subs].some((s) => s.dirty)) return;
        await (running ?? new Promise<void>((resolve) => setTimeout(resolve, options.debounceMs ?? SNAPSHOT_DEBOUNCE_MS)));
      }
    },
    dispose() {
      for (const off of offs) off();
      subs.clear();
      ahead.clear();
    },
  };
}
