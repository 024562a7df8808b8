// What every CRM content script does: follow the open record, tell the worker, show the panel beside it,
// and put a "Text" button by each of its numbers. Everything hangs off one AbortSignal.
import { browser } from "~src/platform/browser";
import type { CrmRecord } from "~src/protocol/record";
import type { Adapter } from "./adapter";
import { notifyWorker, withPhoneFirst } from "./notify-worker";
import { mountPanel, type PanelFrame } from "./panel-frame";
import { PANEL_PAGE, panelToken } from "./panel-token";
import { createPanelStore } from "./panel-store";
import type { EventGate } from "./shadow-host";
import { addTextButtons } from "./text-buttons";
import { watchRecord } from "./watch-navigation";
import { answerWorkerRequests } from "./worker-requests";

/**
 * A second copy of the script (re-injected after "Enable on this site", or after an update) ends the first.
 * They meet on the content scripts' own global (the isolated world's `window`, which page scripts don't
 * share), never through a page-visible event: a page could fire one to take the panel down.
 */
const RUNNING = Symbol.for("sidetext.content-script");
type Coordinated = { [RUNNING]?: AbortController };

performance.mark?.("sidetext:injected"); // bench/panel-switch.ts: when the content script started running

/** How long a record page may read as "no record" (still rendering) before the panel hides. */
const HIDE_AFTER_MS = 1500;

export interface ContentScriptOptions {
  /** Which events act on our UI (default: trusted ones only). jsdom tests, whose events are never trusted, pass their own. */
  gate?: EventGate;
}

/**
 * `country` (the rep's default, for numbers without a country code) may still be on its way from the worker:
 * the panel starts loading meanwhile, and the record is read once the country is known.
 */
export function runContentScript(
  adapter: Adapter,
  country: string | Promise<string> = "US",
  win: Window = window,
  options: ContentScriptOptions = {},
): AbortController {
  performance.mark?.("sidetext:script-start"); // bench/panel-switch.ts splits a page load's time here
  const controller = new AbortController();
  const { signal } = controller;
  const stop = () => controller.abort();
  const world = win as Window & Coordinated;
  world[RUNNING]?.abort();
  world[RUNNING] = controller;
  signal.addEventListener(
    "abort",
    () => {
      if (world[RUNNING] === controller) delete world[RUNNING];
    },
    { once: true },
  );

  let frame: PanelFrame | null = null;
  let open: CrmRecord | null = null;
  let dock: "page" | "sidepanel" = "page";
  const showPanel = (record: CrmRecord) => dock === "page" && panel().show(record.url, record);
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener("abort", () => clearTimeout(hideTimer), { once: true });
  // Only the frame given the worker's token for this tab shows data (src/crm/panel-token.ts). Asked for at
  // once and handed over once known: neither the panel's loading nor reading the record waits for it.
  // The nonce of the panel frame's URL (panel-channel.ts) rides with the request: the worker may put the
  // record's cached thread in that frame's page, and says which record it put there (`shows`).
  const nonce = crypto.randomUUID();
  const grant = panelToken(nonce);
  void grant.then(() => performance.mark?.("sidetext:panel-token"));
  const token = grant.then((g) => g?.token ?? null);
  const shows = grant.then((g) => g?.shows ?? null);
  const src = browser.runtime.getURL(PANEL_PAGE);
  // The page in the frame has the extension's own origin, whatever (dynamic) host its address has.
  const panelOrigin = `chrome-extension://${browser.runtime.id}`;
  const panel = () =>
    (frame ??= mountPanel({ document: win.document, src, nonce, token, shows, panelOrigin, store: createPanelStore(), signal, gate: options.gate }));

  // A built-in CRM's record address: the panel starts loading now (covered), in parallel with the page and the
  // first read; it hides again if no record shows up. (On other sites every page has a key: wait for a record.)
  if (adapter.type !== "generic" && adapter.key(win.location) !== null && dock === "page") {
    panel();
    hideTimer = setTimeout(() => !open && frame?.setVisible(false), HIDE_AFTER_MS);
  }

  const watch = (country: string) =>
    !signal.aborted &&
    watchRecord({
      adapter: { key: adapter.key, watch: adapter.watch, read: (document, location) => adapter.read(document, location, country) },
      window: win,
      signal,
      onRecord(record, pageSignal) {
        open = record;
        clearTimeout(hideTimer);
        if (!record) {
          // Same task as the change of record: the previous thread is covered before the next frame.
          frame?.cover();
          if (adapter.key(win.location) === null) frame?.setVisible(false);
          else hideTimer = setTimeout(() => frame?.setVisible(false), HIDE_AFTER_MS);
          // The worker hears of it after this task: when the SPA rendered the next record in the same task,
          // its record.opened replaces the close (one worker round trip less before the thread shows).
          queueMicrotask(() => {
            if (!open && !signal.aborted) void notifyWorker({ type: "record.closed" }, stop);
          });
          return;
        }
        performance.mark?.("sidetext:record-read"); // bench/panel-switch.ts: when the record was read
        // The worker first: it starts on the record's snapshots while the panel is told and the page laid out.
        void notifyWorker({ type: "record.opened", record }, stop);
        showPanel(record);
        addTextButtons(
          win.document,
          record,
          (phone) => {
            panel().setCollapsed(false);
            void notifyWorker({ type: "record.opened", record: withPhoneFirst(record, phone.e164), chosen: phone.e164 }, stop);
          },
          pageSignal,
          { gate: options.gate },
        );
      },
    });
  if (typeof country === "string") watch(country);
  else void country.then(watch);

  // The worker asks what this page shows (diagnostics), for a number picked on it, or to open the panel.
  answerWorkerRequests({
    document: win.document,
    signal,
    stop,
    gate: options.gate,
    status: () => ({ running: true, url: win.location.href, recordKey: adapter.key(win.location), record: open }),
    showPanel: () => frame?.setCollapsed(false),
    // "Dock: Chrome side panel" (options): the panel steps out of the page; back to "in the page", it returns.
    onDock: (where) => {
      dock = where;
      if (where === "sidepanel") frame?.setVisible(false);
      else if (open) showPanel(open);
    },
  });

  // Leaving the page or tearing down: the worker must not keep this tab's record.
  signal.addEventListener(
    "abort",
    () => {
      if (open) void notifyWorker({ type: "record.closed" });
    },
    { once: true },
  );
  win.addEventListener(
    "pagehide",
    () => {
      if (open) void notifyWorker({ type: "record.closed" });
    },
    { signal },
  );
  // Back from the back/forward cache: the page (and this script) resume as they were; the worker forgot.
  win.addEventListener(
    "pageshow",
    (event) => {
      if ((event as PageTransitionEvent).persisted && open) void notifyWorker({ type: "record.opened", record: open }, stop);
    },
    { signal },
  );
  return controller;
}
