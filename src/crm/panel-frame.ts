// The side panel on the CRM page: an extension-page iframe docked on the right, in a Shadow DOM host so the
// CRM's CSS can't reach it. Collapses to a thin handle at mid-height of the right edge; the left edge drags
// to resize; width and collapsed state are remembered.
import type { PanelState, PanelStore } from "./panel-store";

export interface PanelFrame {
  host: HTMLElement;
  iframe: HTMLIFrameElement;
  setCollapsed(collapsed: boolean): void;
  /** Hidden entirely while no record is open; the iframe stays loaded so the next record shows at once. */
  setVisible(visible: boolean): void;
  destroy(): void;
}

export interface PanelOptions {
  document: Document;
  src: string;
  store: PanelStore;
  signal?: AbortSignal;
}

export const DEFAULT_WIDTH = 380;
export const MIN_WIDTH = 300;
const MAX_WIDTH = 800;
const KEY_STEP = 16;

const CSS = `
:host { all: initial; position: fixed; top: 0; right: 0; width: 0; height: 0; z-index: 2147483646; }
.panel { position: fixed; top: 0; right: 0; bottom: 0; display: flex; background: #fff;
  box-shadow: -2px 0 12px rgba(0,0,0,.18); }
.panel[hidden], .toggle[hidden] { display: none; }
iframe { border: 0; width: 100%; height: 100%; display: block; color-scheme: normal; }
.grip { position: absolute; left: -3px; top: 0; bottom: 0; width: 6px; cursor: col-resize; z-index: 1; }
.grip:hover, .grip:focus-visible, .dragging .grip { background: rgba(37,99,235,.35); outline: none; }
.dragging iframe { pointer-events: none; }
.toggle { all: unset; position: fixed; top: 50%; transform: translateY(-50%); width: 16px; height: 56px;
  border-radius: 8px 0 0 8px; background: #2563eb; color: #fff; font: 600 12px/56px system-ui, sans-serif;
  text-align: center; cursor: pointer; box-shadow: -1px 0 4px rgba(0,0,0,.25); }
.toggle:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 1px; }
`;

export function mountPanel({ document, src, store, signal }: PanelOptions): PanelFrame {
  const win = document.defaultView!;
  const life = new AbortController();
  signal?.addEventListener("abort", () => destroy(), { once: true, signal: life.signal });
  const on = { signal: life.signal };

  // A custom tag, not a <div>: CRM stylesheets style divs, no one styles <sidetext-root>.
  const host = document.createElement("sidetext-root");
  host.setAttribute("data-sidetext-root", "");
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = CSS;
  const panel = document.createElement("div");
  panel.className = "panel";
  const grip = document.createElement("div");
  grip.className = "grip";
  grip.setAttribute("role", "separator");
  grip.setAttribute("aria-orientation", "vertical");
  grip.setAttribute("aria-label", "Resize the Sidetext panel");
  grip.tabIndex = 0;
  const iframe = document.createElement("iframe");
  iframe.setAttribute("data-sidetext-panel", "");
  iframe.title = "Sidetext";
  iframe.src = src;
  const toggle = document.createElement("button");
  toggle.className = "toggle";
  toggle.type = "button";
  toggle.setAttribute("data-testid", "panel-toggle");
  panel.append(grip, iframe);
  shadow.append(style, panel, toggle);
  document.documentElement.append(host);

  const state: PanelState = { width: DEFAULT_WIDTH, collapsed: false };
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
  };
  const persist = () => void store.save({ ...state }).catch(() => undefined);
  render();
  store.load().then((saved) => {
    if (life.signal.aborted) return;
    if (typeof saved.width === "number") state.width = clamp(saved.width);
    if (typeof saved.collapsed === "boolean") state.collapsed = saved.collapsed;
    render();
  }, () => undefined);

  const setCollapsed = (collapsed: boolean) => {
    state.collapsed = collapsed;
    render();
    persist();
  };
  toggle.addEventListener("click", () => setCollapsed(!state.collapsed), on);

  grip.addEventListener("pointerdown", (event) => {
    const down = event as PointerEvent;
    if (down.button !== 0) return;
    down.preventDefault();
    grip.setPointerCapture?.(down.pointerId);
    panel.classList.add("dragging");
    const drag = new AbortController();
    life.signal.addEventListener("abort", () => drag.abort(), { once: true, signal: drag.signal });
    grip.addEventListener("pointermove", (move) => {
      state.width = clamp(win.innerWidth - (move as PointerEvent).clientX);
      render();
    }, { signal: drag.signal });
    const end = () => {
      drag.abort();
      panel.classList.remove("dragging");
      persist();
    };
    grip.addEventListener("pointerup", end, { signal: drag.signal });
    grip.addEventListener("pointercancel", end, { signal: drag.signal });
  }, on);

  grip.addEventListener("keydown", (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== "ArrowLeft" && key !== "ArrowRight") return;
    event.preventDefault();
    state.width = clamp(state.width + (key === "ArrowLeft" ? KEY_STEP : -KEY_STEP));
    render();
    persist();
  }, on);

  win.addEventListener("resize", () => {
    state.width = clamp(state.width);
    render();
  }, on);

  function destroy() {
    life.abort();
    host.remove();
  }

  return {
    host,
    iframe,
    setCollapsed,
    setVisible: (visible) => {
      host.style.display = visible ? "" : "none";
    },
    destroy,
  };
}
