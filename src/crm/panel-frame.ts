// The side panel on the CRM page: an extension-page iframe docked on the right, in a closed shadow host
// (shadow-host.ts) so the page can neither reach into it nor restyle it. The page's layout narrows by the
// panel's width while it is open (dock-page.ts). Collapses to a thin handle at mid-height of the right edge;
// the left edge drags to resize; width and collapsed state are remembered. When the record changes the
// panel is covered in the same frame and uncovered once the panel has painted the new record
// (panel-channel.ts), so the previous record's thread is never on screen under the next record.
import { dockPage } from "./dock-page";
import { connectToPanel } from "./panel-channel";
import { frameAddress, framePage } from "./panel-frame-page";
import type { CrmRecord } from "~src/protocol/record";
import type { PanelState, PanelStore } from "./panel-store";
import type { PanelShows } from "./panel-token";
import { createShadowHost, onTrusted, type EventGate } from "./shadow-host";

export interface PanelFrame {
  host: HTMLElement;
  /** The closed shadow root (this world only). */
  root: ShadowRoot;
  iframe: HTMLIFrameElement;
  setCollapsed(collapsed: boolean): void;
  /** Hidden entirely while no record is open; the iframe stays loaded so the next record shows at once. */
  setVisible(visible: boolean): void;
  /** The open record changed: cover the panel now, before the page paints again. */
  cover(): void;
  /** `url`'s record is open: show the panel, and uncover it once the panel has painted that record. */
  show(url: string, record?: CrmRecord): void;
  destroy(): void;
}

export interface PanelOptions {
  document: Document;
  /** The panel page's address: it starts loading at once. */
  src: string;
  /** The worker's token for the panel, handed over the private channel once known (panel-channel.ts). */
  token: Promise<string | null>;
  /** The private channel's nonce, put in the frame's URL (default: a new one). */
  nonce?: string;
  /** The record whose cached thread the worker put in the frame's page, if any (src/worker/panel-page.ts). */
  shows?: Promise<PanelShows>;
  store: PanelStore;
  signal?: AbortSignal;
  /** Which events act (default: only trusted ones; tests in jsdom pass their own). */
  gate?: EventGate;
  /** The panel page's origin (the extension's), for the private channel; default: the origin of `src`. */
  panelOrigin?: string;
  /** Uncover after this long even if the panel never said it painted (it hides stale records itself). */
  coverTimeoutMs?: number;
}

export const DEFAULT_WIDTH = 380;
export const MIN_WIDTH = 300;
const MAX_WIDTH = 800;
const KEY_STEP = 16;

const CSS = `
:host { all: initial; position: fixed; top: 0; right: 0; width: 0; height: 0; z-index: 2147483646; }
.panel { position: fixed; top: 0; right: 0; bottom: 0; display: flex; background: #fff;
  box-shadow: -2px 0 12px rgba(0,0,0,.18); }
.all[hidden], .panel[hidden], .toggle[hidden], .cover[hidden] { display: none; }
iframe { border: 0; width: 100%; height: 100%; display: block; color-scheme: normal; }
.cover { position: absolute; inset: 0; z-index: 2; background: #fff; color: #6b7280;
  font: 13px/1.4 system-ui, sans-serif; display: flex; align-items: flex-start; justify-content: center; padding-top: 96px; }
.grip { position: absolute; left: -3px; top: 0; bottom: 0; width: 6px; cursor: col-resize; z-index: 3; }
.grip:hover, .grip:focus-visible, .dragging .grip { background: rgba(37,99,235,.35); outline: none; }
.dragging iframe { pointer-events: none; }
.toggle { all: unset; position: fixed; top: 50%; transform: translateY(-50%); width: 16px; height: 56px;
  border-radius: 8px 0 0 8px; background: #2563eb; color: #fff; font: 600 12px/56px system-ui, sans-serif;
  text-align: center; cursor: pointer; box-shadow: -1px 0 4px rgba(0,0,0,.25); }
.toggle:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 1px; }
`;

const el = (document: Document, tag: string, className: string) => Object.assign(document.createElement(tag), { className });

export function mountPanel(options: PanelOptions): PanelFrame {
  const { document, src, token, store, signal, gate, panelOrigin, coverTimeoutMs = 3000 } = options;
  const win = document.defaultView!;
  const life = new AbortController();
  signal?.addEventListener("abort", () => destroy(), { once: true, signal: life.signal });
  const on = { signal: life.signal, gate };

  const { host, root } = createShadowHost(document, "sidetext-root", "data-sidetext-root", CSS);
  const panel = el(document, "div", "panel");
  const grip = el(document, "div", "grip");
  grip.setAttribute("role", "separator");
  grip.setAttribute("aria-orientation", "vertical");
  grip.setAttribute("aria-label", "Resize the Sidetext panel");
  grip.tabIndex = 0;
  const iframe = document.createElement("iframe");
  iframe.setAttribute("data-sidetext-panel", "");
  iframe.title = "Sidetext";
  const nonce = options.nonce ?? crypto.randomUUID();
  iframe.src = frameAddress(src, nonce);
  const coverEl = el(document, "div", "cover");
  coverEl.textContent = "Opening the record…";
  const toggle = el(document, "button", "toggle") as HTMLButtonElement;
  toggle.type = "button";
  toggle.setAttribute("data-testid", "panel-toggle");
  panel.append(grip, iframe, coverEl);
  // Hidden from inside the closed root: a page rule on <sidetext-root> can't bring it back.
  const all = el(document, "div", "all");
  all.append(panel, toggle);
  root.append(all);
  document.documentElement.append(host);
  performance.mark?.("sidetext:iframe-created"); // bench/panel-switch.ts: the panel frame's navigation starts here
  const line = connectToPanel(iframe, { nonce, token, signal: life.signal, origin: panelOrigin });
  const dock = dockPage(document, host);

  const state: PanelState = { width: DEFAULT_WIDTH, collapsed: false };
  let visible = true;
  let covered = true; // until the panel first paints a record
  let coverTimer: ReturnType<typeof setTimeout> | undefined;
  const page = framePage(options.shows);
  const clamp = (width: number) => Math.round(Math.max(MIN_WIDTH, Math.min(width, MAX_WIDTH, win.innerWidth - 120)));
  const render = () => {
    panel.hidden = state.collapsed;
    panel.style.width = `${state.width}px`;
    // Open: the handle rides on the panel's left edge. Collapsed: a 16px tab on the window's right edge.
    toggle.style.right = state.collapsed ? "0px" : `${state.width}px`;
    toggle.textContent = state.collapsed ? "‹" : "›";
    toggle.setAttribute("aria-expanded", String(!state.collapsed));
    toggle.setAttribute("aria-label", state.collapsed ? "Show Sidetext" : "Hide Sidetext");
    grip.setAttribute("aria-valuenow", String(state.width));
    dock.reserve(visible && !state.collapsed ? state.width : 0);
  };
  const setCovered = (next: boolean) => {
    covered = next;
    coverEl.hidden = !next;
    // No typing into the previous record's reply box while it is covered.
    iframe.toggleAttribute("inert", next);
    clearTimeout(coverTimer);
    page.changed();
    if (!next) performance.mark?.("sidetext:cover-lifted"); // bench/panel-switch.ts
  };
  const persist = () => void store.save({ ...state }).catch(() => undefined);
  setCovered(true);
  render();
  store.load().then(
    (saved) => {
      if (life.signal.aborted) return;
      if (typeof saved.width === "number") state.width = clamp(saved.width);
      if (typeof saved.collapsed === "boolean") state.collapsed = saved.collapsed;
      render();
    },
    () => undefined,
  );

  const setCollapsed = (collapsed: boolean) => {
    state.collapsed = collapsed;
    render();
    persist();
  };
  onTrusted(toggle, "click", () => setCollapsed(!state.collapsed), on);

  onTrusted(
    grip,
    "pointerdown",
    (down) => {
      if (down.button !== 0) return;
      down.preventDefault();
      grip.setPointerCapture?.(down.pointerId);
      panel.classList.add("dragging");
      const drag = new AbortController();
      life.signal.addEventListener("abort", () => drag.abort(), { once: true, signal: drag.signal });
      const dragOn = { signal: drag.signal, gate };
      onTrusted(
        grip,
        "pointermove",
        (move) => {
          state.width = clamp(win.innerWidth - move.clientX);
          render();
        },
        dragOn,
      );
      const end = () => {
        drag.abort();
        panel.classList.remove("dragging");
        persist();
      };
      onTrusted(grip, "pointerup", end, dragOn);
      onTrusted(grip, "pointercancel", end, dragOn);
    },
    on,
  );

  onTrusted(
    grip,
    "keydown",
    (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      state.width = clamp(state.width + (event.key === "ArrowLeft" ? KEY_STEP : -KEY_STEP));
      render();
      persist();
    },
    on,
  );

  win.addEventListener(
    "resize",
    () => {
      state.width = clamp(state.width);
      render();
    },
    { signal: life.signal },
  );

  function setVisible(next: boolean) {
    visible = next;
    all.hidden = !next;
    render();
  }

  function destroy() {
    if (life.signal.aborted) return;
    life.abort();
    clearTimeout(coverTimer);
    dock.reserve(0);
    host.remove();
  }

  return {
    host,
    root,
    iframe,
    setCollapsed,
    setVisible,
    cover: () => {
      page.recordChanged();
      setCovered(true);
    },
    show(recordUrl, record) {
      if (!visible) setVisible(true);
      if (!covered) return;
      dock.refresh(); // a new record: the page has rendered more since the panel docked
      line.expect(recordUrl, () => setCovered(false), record);
      clearTimeout(coverTimer);
      coverTimer = setTimeout(() => setCovered(false), coverTimeoutMs);
      // The frame's page may already hold this record's thread (the worker rendered it): then nothing under
      // the cover can be another record's, and it lifts at once (panel-frame-page.ts).
      page.shown(recordUrl, record, () => covered && setCovered(false));
    },
    destroy,
  };
}
