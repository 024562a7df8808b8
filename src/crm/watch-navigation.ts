// Follows a single-page CRM from record to record. Reports the open record (or null) whenever it changes;
// re-reads only after relevant DOM changes; never reports the previous record's numbers under a new URL.
import type { CrmRecord } from "~src/protocol/record";
import type { Adapter } from "./adapter";
import { OWN_UI_SELECTOR } from "./visible";

export interface WatchOptions {
  adapter: Pick<Adapter, "key" | "read" | "watch">;
  window: Window;
  signal: AbortSignal;
  /** Called with each new record (null: no record open). `pageSignal` aborts when the record goes away. */
  onRecord(record: CrmRecord | null, pageSignal: AbortSignal): void;
  debounceMs?: number;
  pollMs?: number;
  /** After navigation, a read identical to the previous record is trusted only once this much time passed. */
  settleMs?: number;
}

export function watchRecord(options: WatchOptions): void {
  const { adapter, window: win, signal, onRecord, debounceMs = 120, pollMs = 300, settleMs = 1500 } = options;
  const { document, location } = win;
  if (signal.aborted) return;
  let href = location.href;
  let key = adapter.key(location);
  let shown: string | null = null; // The record last reported, serialized.
  let page = new AbortController();
  let stale: { fingerprint: string; until: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
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
    timer = undefined;
    if (signal.aborted) return;
    if (location.href !== href) return navigated();
    const record = adapter.read(document, location);
    // The SPA changed the URL but may not have re-rendered yet: the old record's DOM still reads fine.
    if (record && stale && fingerprint(record) === stale.fingerprint && Date.now() < stale.until) return;
    if (record) stale = null;
    report(record);
  };

  const schedule = (delay = debounceMs) => {
    if (timer === undefined && !signal.aborted) timer = setTimeout(scan, delay);
  };

  const navigated = () => {
    href = location.href;
    const nextKey = adapter.key(location);
    if (nextKey !== key) {
      key = nextKey;
      if (shown) stale = { fingerprint: fingerprint(JSON.parse(shown) as CrmRecord), until: Date.now() + settleMs };
      report(null); // At once: the panel must never keep showing the previous record's thread.
      clearTimeout(settle);
      if (stale) settle = setTimeout(() => schedule(0), settleMs + 10);
    }
    schedule();
  };

  const checkUrl = () => {
    if (location.href !== href) navigated();
  };

  // The window's own MutationObserver: tests run several jsdom windows in one realm.
  const observer = new (win as Window & typeof globalThis).MutationObserver((mutations) => {
    checkUrl();
    if (mutations.some((m) => isRelevant(m, adapter.watch))) schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
  const interval = setInterval(checkUrl, pollMs);
  win.addEventListener("popstate", checkUrl, { signal });
  win.addEventListener("hashchange", checkUrl, { signal });
  // Chromium's Navigation API sees the page's pushState from our isolated world; polling covers the rest.
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  navigation?.addEventListener("currententrychange", checkUrl, { signal });

  signal.addEventListener("abort", () => {
    observer.disconnect();
    clearInterval(interval);
    clearTimeout(timer);
    clearTimeout(settle);
    page.abort();
  }, { once: true });
  scan();
}

/** Attributes that show or hide a field, or hold its value. Not `class`: it flips on every hover. */
const WATCHED_ATTRIBUTES = ["hidden", "style", "aria-hidden", "value"];

function fingerprint(record: CrmRecord): string {
  return JSON.stringify([record.name, record.phones.map((p) => p.e164)]);
}

/** Does this mutation touch what the adapter reads? Our own UI never counts. */
export function isRelevant(mutation: MutationRecord, watch: string | null): boolean {
  const target = mutation.target.nodeType === 1 ? (mutation.target as Element) : mutation.target.parentElement;
  if (!target || target.closest(OWN_UI_SELECTOR)) return false;
  if (mutation.type === "childList" && onlyOwnUi(mutation)) return false;
  if (watch === null || target.closest(watch)) return true;
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
