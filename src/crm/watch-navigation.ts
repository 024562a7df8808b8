// Follows a single-page CRM from record to record. Reports the open record (or null) whenever it changes;
// re-reads only after relevant DOM changes, in the document and in every open shadow root; never reports the
// previous record's numbers under a new URL.
//
// Timing: a change of record (its key) reports null at once, in the same task, and reads the new record
// right away — the SPA often renders it in the same task. Later relevant mutations are coalesced into one
// read per animation frame (before the frame is painted), never a fixed delay.
import type { CrmRecord } from "~src/protocol/record";
import type { Adapter } from "./adapter";
import { deepClosest, openShadowRoots } from "./dom/deep-query";
import { OWN_UI_SELECTOR } from "./visible";

export interface WatchOptions {
  adapter: Pick<Adapter, "key" | "read" | "watch">;
  window: Window;
  signal: AbortSignal;
  /** Called with each new record (null: no record open). `pageSignal` aborts when the record goes away. */
  onRecord(record: CrmRecord | null, pageSignal: AbortSignal): void;
  /** How often the URL is checked when no event told us (and new shadow roots are looked for). */
  pollMs?: number;
  /** After navigation, a read identical to the previous record is trusted only once this much time passed. */
  settleMs?: number;
}

type Win = Window & typeof globalThis;

export function watchRecord(options: WatchOptions): void {
  const { adapter, window, signal, onRecord, pollMs = 300, settleMs = 1500 } = options;
  const win = window as Win;
  const { document, location } = win;
  if (signal.aborted) return;
  let href = location.href;
  let key = adapter.key(location);
  let shown: string | null = null; // The record last reported, serialized.
  let page = new AbortController();
  let stale: { fingerprint: string; until: number } | null = null;
  let pending: (() => void) | null = null; // cancels the scheduled read
  let settle: ReturnType<typeof setTimeout> | undefined;

  const report = (record: CrmRecord | null) => {
    const next = record ? JSON.stringify(record) : null;
    if (next === shown || signal.aborted) return;
    shown = next;
    page.abort();
    page = new AbortController();
    onRecord(record, page.signal);
  };

  const scan = () => {
    pending?.();
    pending = null;
    if (signal.aborted) return;
    if (location.href !== href) return navigated();
    // From document_start the body may not be parsed yet: its arrival is a mutation, read then.
    const record = document.body ? adapter.read(document, location) : null;
    // The SPA changed the URL but may not have re-rendered yet: the old record's DOM still reads fine.
    if (record && stale && fingerprint(record) === stale.fingerprint && Date.now() < stale.until) return;
    if (record) stale = null;
    report(record);
  };

  /** One read before the next frame, however many mutations come first. Hidden tabs get no frames. */
  const schedule = () => {
    if (pending || signal.aborted) return;
    if (typeof win.requestAnimationFrame === "function" && document.visibilityState !== "hidden") {
      const frame = win.requestAnimationFrame(scan);
      pending = () => win.cancelAnimationFrame(frame);
    } else {
      const timer = setTimeout(scan, 16);
      pending = () => clearTimeout(timer);
    }
  };

  const navigated = () => {
    href = location.href;
    const nextKey = adapter.key(location);
    if (nextKey === key) return schedule();
    key = nextKey;
    if (shown) stale = { fingerprint: fingerprint(JSON.parse(shown) as CrmRecord), until: Date.now() + settleMs };
    report(null); // At once: the panel must never keep showing the previous record's thread.
    clearTimeout(settle);
    if (stale) settle = setTimeout(schedule, settleMs + 10);
    scan(); // The new record's markup may be there already: read it now, not after a delay.
  };

  const checkUrl = () => {
    if (location.href !== href) navigated();
  };

  // The window's own MutationObserver: tests run several jsdom windows in one realm.
  const observed = new WeakSet<Node>();
  const observer = new win.MutationObserver((mutations) => {
    checkUrl();
    let relevant = false;
    // A release without the site's hooks (the readers' fallback layers read it): then every change may matter.
    const watch = adapter.watch && document.querySelector(adapter.watch) ? adapter.watch : null;
    for (const m of mutations) {
      if (m.type === "childList") for (const node of m.addedNodes) if (node.nodeType === 1) observeRootsIn(node as Element);
      relevant ||= isRelevant(m, watch);
    }
    if (relevant) schedule();
  });
  const observe = (root: Node) => {
    if (observed.has(root)) return false;
    observed.add(root);
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
    return true;
  };
  /** Shadow roots arrive with their hosts: observe each one (a document observer sees nothing inside). */
  const observeRootsIn = (node: Element) => {
    let added = false;
    if (node.shadowRoot) added = observe(node.shadowRoot) || added;
    for (const root of openShadowRoots(node)) added = observe(root) || added;
    return added;
  };
  observe(document.documentElement);
  observeRootsIn(document.documentElement);

  const interval = setInterval(() => {
    checkUrl();
    // A host can attach its shadow root after it was inserted: look again now and then.
    if (observeRootsIn(document.documentElement)) schedule();
  }, pollMs);
  win.addEventListener("popstate", checkUrl, { signal });
  win.addEventListener("hashchange", checkUrl, { signal });
  // Chromium's Navigation API sees the page's pushState from our isolated world; polling covers the rest.
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  navigation?.addEventListener("currententrychange", checkUrl, { signal });
  // A hidden tab's pending frame never comes: read on the way back.
  document.addEventListener("visibilitychange", () => pending && scan(), { signal });

  signal.addEventListener(
    "abort",
    () => {
      observer.disconnect();
      clearInterval(interval);
      pending?.();
      clearTimeout(settle);
      page.abort();
    },
    { once: true },
  );
  scan();
}

/** Attributes that show or hide a field, or hold its value. Not `class`: it flips on every hover. */
const WATCHED_ATTRIBUTES = ["hidden", "style", "aria-hidden", "value"];

function fingerprint(record: CrmRecord): string {
  return JSON.stringify([record.name, record.phones.map((p) => p.e164)]);
}

/** Does this mutation touch what the adapter reads? Our own UI never counts. Sees across shadow roots. */
function isRelevant(mutation: MutationRecord, watch: string | null): boolean {
  const target = mutation.target.nodeType === 1 ? (mutation.target as Element) : mutation.target.parentElement;
  if (!target || deepClosest(target, OWN_UI_SELECTOR)) return false;
  if (mutation.type === "childList" && onlyOwnUi(mutation)) return false;
  if (watch === null || deepClosest(target, watch)) return true;
  // A wrapper shown or hidden: relevant when it holds record fields.
  if (mutation.type === "attributes") return target.querySelector(watch) !== null;
  for (const list of [mutation.addedNodes, mutation.removedNodes]) {
    for (const node of list) {
      if (node.nodeType === 1 && ((node as Element).matches(watch) || (node as Element).querySelector(watch))) return true;
    }
  }
  return false;
}

/** Our "Text" buttons being added or removed is not a change of the record. */
function onlyOwnUi(mutation: MutationRecord): boolean {
  const nodes = [...mutation.addedNodes, ...mutation.removedNodes];
  return nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).matches(OWN_UI_SELECTOR));
}
