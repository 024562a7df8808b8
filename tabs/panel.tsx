// Side panel entry (tabs/panel.html, framed by the CRM content script): the shared PanelApp over the
// worker client. The record comes from the `record` topic of this page's own tab.
// Any site may frame this page (it is web-accessible): in a frame it shows data only with the token our
// content script hands it over their private channel once the worker has given it one; its ports present
// that token and the worker checks it (src/crm/panel-access.ts, src/worker/panel-tokens.ts). The page
// loads meanwhile, and talks to the worker only once it has the token. Without one, or when the worker
// refuses it, the panel shows nothing of the inbox.
//
// The content script covers the panel the moment the page's record changes and tells us (over its private
// channel, src/crm/panel-channel.ts) which record is now open. Until the record topic shows that record the
// app is hidden here too; once a frame showing it has been painted we say so, and the cover goes.
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { initialAccess, presenting, withToken, type PanelAccess } from "~src/crm/panel-access";
import { listenToContentScript } from "~src/crm/panel-channel";
import { firstPaintOfDocument } from "~src/crm/panel-first-paint";
import { NotOurFrame } from "~src/crm/panel-not-ours";
import { cachedThreadOf, holdTopic, recentRecords, sharing } from "~src/crm/panel-recent";
import { messaging } from "~src/platform/messaging";
import { tabs } from "~src/platform/tabs";
import type { TopicSnapshot } from "~src/protocol/messages";
import type { CrmRecord } from "~src/protocol/record";
import { createClient, type SidetextClient } from "~src/ui/common/client";
import { ClientProvider, viewClientOver, type ViewClient } from "~src/ui/common/client-context";
import { PanelApp } from "~src/ui/panel/PanelApp";
import "~src/ui/common/sidetext.css";

performance.mark("sidetext:panel-module"); // bench/panel-switch.ts: the bundle has been parsed and its modules run

const RECORD = { type: "record" } as const;
/** PanelNumber's inbox topic (users, templates). Held here for the page's life: PanelNumber remounts on each
 * record, and the worker would otherwise compute this snapshot anew beside the phone topic on every switch. */
const PANEL_INBOX = { type: "inbox", filter: { limit: 1 } } as const;
/** User Timing mark when a frame showing the open record was painted (bench/panel-switch.ts reads it). */
const RECORD_SHOWN = "sidetext:record-shown";
const RECORD_RECEIVED = "sidetext:record-received";
const TOKEN_RECEIVED = "sidetext:token-received";
/** As long as the content script keeps its cover up without an answer (panel-frame.ts coverTimeoutMs). */
const GIVE_UP_MS = 3000;
type RecordSnapshot = TopicSnapshot<typeof RECORD>;

// Listening from the start: the content script offers its channel at the iframe's load event.
// A new object each time: "expect A" again after B must be answered again, even if React only sees A.
type Expected = { url: string; record: CrmRecord | null } | null;
let expected: Expected = null;
let access: PanelAccess = initialAccess(window);
const watchers = new Set<() => void>();
const notifyAll = () => {
  for (const notify of watchers) notify();
};
// What React renders from: the line's news is announced once the named record's thread is in the page's
// cache (src/crm/panel-recent.ts), or after WAIT_MS. The switch then renders once, with the thread, instead of
// once per snapshot on the way there; on a busy machine each of those renders held up the next snapshot
// (traced: the phone snapshot waited 30 ms behind the render of "Looking up this number…"). The content
// script's cover hides the panel meanwhile, as it did during those renders.
const WAIT_MS = 100;
let shown: { access: PanelAccess; expected: Expected } = { access, expected };
const announce = () => {
  shown = { access, expected };
  notifyAll();
};
function announceWhenReady(record: CrmRecord | null) {
  const mine = expected;
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (firstPaint.pending()) return; // announced once that frame is painted
    if (expected !== mine) return; // a later record's own announcement carries this news too
    if (firstPaint.mayPaint() && paintFirst(mine)) return;
    announce();
  };
  const timer = setTimeout(go, WAIT_MS);
  if (!askAhead(record, go)) go();
}
// A full page load's first frame: the cached thread before React's cold first render (src/crm/panel-first-paint.ts).
const firstPaint = firstPaintOfDocument(document.body);
function paintFirst(want: Expected): boolean {
  const record = want?.record;
  const thread = record?.phones.length === 1 && access.kind === "token" ? cachedThreadOf(panelClient.queries, record.phones[0].e164) : null;
  if (!want || !record || !thread?.messages.length) return false;
  // React renders once that frame is on screen.
  firstPaint.paint(want.url, record.name ?? null, thread, (stillShown) => {
    if (stillShown) {
      performance.mark("sidetext:thread-painted", { detail: `first-paint:${thread.conversationId}` });
      performance.mark(RECORD_SHOWN, { detail: want.url });
      line.painted(want.url);
    }
    announce();
  });
  return true;
}

const line = listenToContentScript(window, {
  onExpect(url, record) {
    firstPaint.expect(url); // never another record's thread
    expected = { url, record };
    announceWhenReady(record);
  },
  onToken(token) {
    const before = access;
    access = withToken(access, token);
    if (access === before) return;
    performance.mark(TOKEN_RECEIVED);
    // Before React renders the views (their subscriptions wait for effects): the session, which the panel
    // needs before anything else, and the named record's head start (the content script names it first).
    if (access.kind === "token") setTimeout(holdTopic(holdDeps, SESSION), HOLD_MS);
    announceWhenReady(expected?.record ?? null);
  },
});

// This page's one port client, made once the token is known (a port decides its access at its first frame).
// The head start below shares its port: one token check in the worker, and what it asks for (session,
// phone) comes before the views' own subscriptions, so the worker answers it first.
let client: SidetextClient | null = null;
const portClient = () => {
  client ??= sharing(createClient(access.kind === "token" ? presenting(access.token, messaging) : messaging));
  return client;
};
const panelClient = viewClientOver(portClient);

// Head start and recent records (src/crm/panel-recent.ts): for a record with one number, its phone topic is
// asked for the moment the content script names the record, and the thread of its newest conversation the
// moment the phone snapshot names it, each before React gets there (a render and an effect per step, slow on
// a busy machine). The snapshots go into the page's cache, so PanelNumber and the thread render with them; the
// views' own subscriptions take over. The last few records stay subscribed, so going back to one renders its
// thread at once.
const HOLD_MS = 3000;
const SESSION = { type: "session" } as const;
const holdDeps = { queries: panelClient.queries, subscribe: ((topic, listener) => portClient().subscribe(topic, listener)) as SidetextClient["subscribe"] };
const recent = recentRecords(holdDeps);

/** Warms the record's number; false when there is no head start for it (several numbers, or no token yet). */
function askAhead(record: CrmRecord | null, onReady: () => void): boolean {
  if (record?.phones.length !== 1 || access.kind !== "token") return false;
  recent.open(record.phones[0].e164, onReady);
  return true;
}
/** Renders again when the content script names a record or hands the token over. */
const subscribeLine = (notify: () => void) => {
  watchers.add(notify);
  return () => void watchers.delete(notify);
};

const SharedRecord = createContext<RecordSnapshot | undefined>(undefined);

/** PanelApp reads the record topic through the gate, so what it shows is exactly what the gate reports. */
const gatedClient: ViewClient = {
  useSubscription(topic) {
    const shared = useContext(SharedRecord);
    // `topic.type` is fixed at each call site, so the hooks below run in the same order on every render.
    if (topic.type === "record") return shared as never;
    // biome-ignore lint/correctness/useHookAtTopLevel: the branch above never changes for a call site (see there)
    return panelClient.useSubscription(topic);
  },
  send: (command) => panelClient.send(command),
  queries: panelClient.queries,
};

function RecordGate({ children }: { children: ReactNode }) {
  const fromWorker = panelClient.useSubscription(RECORD);
  const want = useSyncExternalStore(subscribeLine, () => shown.expected);
  // Until the worker shows the record the content script named, show the record the content script read (a
  // round trip through the worker sooner). The worker's snapshots in between are older news: on an SPA switch
  // the page reports "closed" (the URL changed before the new markup) and only then the new record, and
  // showing that "no record" for a moment remounted the whole panel (every topic asked again, ~30 ms). Only
  // with one number: with several, which one opens depends on the worker's cache (lastMessageAt).
  // If the worker never shows the expected record (it disagrees, or is gone), stop waiting for it after a
  // while: the content script's cover has lifted by then too, and a blank panel helps no one.
  const [gaveUpOn, setGaveUpOn] = useState<typeof want>(null);
  const waiting = want !== null && want !== gaveUpOn && fromWorker?.record?.url !== want.url;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setGaveUpOn(want), GIVE_UP_MS);
    return () => clearTimeout(timer);
  }, [waiting, want]);
  const earlyRecord = waiting && want!.record && want!.record.phones.length <= 1 ? want!.record : null;
  const snapshot = useMemo<RecordSnapshot | undefined>(
    () => (earlyRecord ? { tabId: fromWorker?.tabId ?? null, record: earlyRecord, picked: null, lastMessageAt: {} } : fromWorker),
    [earlyRecord, fromWorker],
  );
  const shownUrl = snapshot === undefined ? undefined : (snapshot.record?.url ?? null);
  const stale = waiting && shownUrl !== want!.url;
  // React's panel shows a record: the first paint goes in this same commit (no frame shows both, or neither).
  useLayoutEffect(() => {
    if (!stale && shownUrl !== undefined) firstPaint.end();
  }, [stale, shownUrl]);
  // When the worker's snapshot of the expected record arrived (bench/panel-switch.ts splits the time there).
  const workerUrl = fromWorker?.record?.url;
  useEffect(() => {
    if (workerUrl) performance.mark(RECORD_RECEIVED, { detail: workerUrl });
  }, [workerUrl]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `want` is a new object per "expect", and each must be answered
  useEffect(() => {
    if (stale || shownUrl === undefined) return;
    // rAF runs just before the frame is painted; a task queued from it runs after that paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        performance.mark(RECORD_SHOWN, { detail: shownUrl });
        line.painted(shownUrl);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [stale, shownUrl, want]);
  return (
    <SharedRecord.Provider value={snapshot}>
      <div style={{ display: stale ? "none" : "contents" }}>{children}</div>
    </SharedRecord.Provider>
  );
}

const openSignIn = () => void tabs.open(tabs.extensionUrl("options.html"));

function TrustedPanel() {
  useLayoutEffect(() => void performance.mark("sidetext:panel-mounted"), []); // bench/panel-switch.ts
  const session = panelClient.useTopicState({ type: "session" });
  panelClient.useSubscription(PANEL_INBOX);
  if (session.status === "error" && session.error.code === "forbidden") return <NotOurFrame onShown={firstPaint.end} />;
  return (
    <ClientProvider client={gatedClient}>
      <RecordGate>
        <PanelApp onSignIn={openSignIn} />
      </RecordGate>
    </ClientProvider>
  );
}

export default function Panel() {
  const { kind } = useSyncExternalStore(subscribeLine, () => shown.access);
  if (kind === "refused") return <NotOurFrame onShown={firstPaint.end} />;
  // Covered by the content script meanwhile; the token usually comes with the channel itself.
  if (kind === "waiting") return <div className="st-app st-panel" />;
  return <TrustedPanel />;
}
