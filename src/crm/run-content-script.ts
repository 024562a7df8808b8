// What every CRM content script does: follow the open record, tell the worker, show the panel beside it,
// and put a "Text" button by each of its numbers. Everything hangs off one AbortSignal.
import { browser } from "~src/platform/browser";
import type { CrmRecord } from "~src/protocol/record";
import type { Adapter } from "./adapter";
import { notifyWorker, withPhoneFirst } from "./notify-worker";
import { mountPanel, type PanelFrame } from "./panel-frame";
import { PANEL_PAGE, panelUrl } from "./panel-url";
import { createPanelStore } from "./panel-store";
import { addTextButtons } from "./text-buttons";
import { watchRecord } from "./watch-navigation";
import { answerWorkerRequests } from "./worker-requests";

/** A second copy of the script (re-injected after "Enable on this site", or after an update) ends the first. */
const TEARDOWN_EVENT = "sidetext:teardown";

export function runContentScript(adapter: Adapter, country = "US", win: Window = window): AbortController {
  const controller = new AbortController();
  const { signal } = controller;
  const stop = () => controller.abort();
  win.document.dispatchEvent(new CustomEvent(TEARDOWN_EVENT));
  win.document.addEventListener(TEARDOWN_EVENT, stop, { signal, once: true });

  let frame: PanelFrame | null = null;
  let open: CrmRecord | null = null;
  let dock: "page" | "sidepanel" = "page";
  const showPanel = (_url: string) => dock === "page" && panel().setVisible(true);
  // Only the frame whose URL carries the worker's token for this tab shows data (src/crm/panel-url.ts):
  // asked for before the first record is read.
  let src = browser.runtime.getURL(PANEL_PAGE);
  const ready = panelUrl().then((url) => void (src = url));
  const panel = () => (frame ??= mountPanel({ document: win.document, src, store: createPanelStore(), signal }));

  void ready.then(() => !signal.aborted && watchRecord({
    adapter: { key: adapter.key, watch: adapter.watch, read: (document, location) => adapter.read(document, location, country) },
    window: win,
    signal,
    onRecord(record, pageSignal) {
      open = record;
      if (!record) {
        frame?.setVisible(false);
        void notifyWorker({ type: "record.closed" }, stop);
        return;
      }
      showPanel(record.url);
      void notifyWorker({ type: "record.opened", record }, stop);
      addTextButtons(win.document, record, (phone) => {
        panel().setCollapsed(false);
        void notifyWorker({ type: "record.opened", record: withPhoneFirst(record, phone.e164) }, stop);
      }, pageSignal);
    },
  }));

  // The worker asks what this page shows (diagnostics), for a number picked on it, or to open the panel.
  answerWorkerRequests({
    document: win.document, signal, stop,
    status: () => ({ running: true, url: win.location.href, recordKey: adapter.key(win.location), record: open }),
    showPanel: () => frame?.setCollapsed(false),
    // "Dock: Chrome side panel" (options): the panel steps out of the page; back to "in the page", it returns.
    onDock: (where) => {
      dock = where;
      if (where === "sidepanel") frame?.setVisible(false);
      else if (open) showPanel(open.url);
    },
  });

  // Leaving the page or tearing down: the worker must not keep this tab's record.
  signal.addEventListener("abort", () => {
    if (open) void notifyWorker({ type: "record.closed" });
  }, { once: true });
  win.addEventListener("pagehide", () => {
    if (open) void notifyWorker({ type: "record.closed" });
  }, { signal });
  // Back from the back/forward cache: the page (and this script) resume as they were; the worker forgot.
  win.addEventListener("pageshow", (event) => {
    if ((event as PageTransitionEvent).persisted && open) void notifyWorker({ type: "record.opened", record: open }, stop);
  }, { signal });
  return controller;
}
