// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WIDTH, MIN_WIDTH, mountPanel, type PanelFrame } from "~src/crm/panel-frame";
import type { PanelState, PanelStore } from "~src/crm/panel-store";

const flush = () => new Promise((r) => setTimeout(r, 0));

function memoryStore(initial: Partial<PanelState> = {}): PanelStore & { saved: PanelState[] } {
  const saved: PanelState[] = [];
  return {
    saved,
    load: async () => initial,
    save: async (state) => void saved.push(state),
  };
}

let frame: PanelFrame | undefined;
afterEach(() => {
  frame?.destroy();
  frame = undefined;
});

function mount(store = memoryStore()) {
  frame = mountPanel({ document, src: "chrome-extension://abc/tabs/panel.html", store });
  const root = frame.host.shadowRoot!;
  return {
    frame,
    store,
    panel: root.querySelector<HTMLElement>(".panel")!,
    grip: root.querySelector<HTMLElement>(".grip")!,
    toggle: root.querySelector<HTMLButtonElement>("[data-testid='panel-toggle']")!,
  };
}

function pointer(target: Element, type: string, clientX: number) {
  const event = new MouseEvent(type, { bubbles: true, clientX, button: 0 });
  Object.defineProperty(event, "pointerId", { value: 1 });
  target.dispatchEvent(event);
}

describe("mountPanel", () => {
  it("mounts the extension page in an iframe inside a shadow root on the page", () => {
    const { frame, panel } = mount();
    expect(document.querySelectorAll("[data-sidetext-root]")).toHaveLength(1);
    expect(document.querySelector("iframe")).toBeNull(); // not reachable from the page's DOM queries
    expect(frame.iframe.getAttribute("data-sidetext-panel")).toBe("");
    expect(frame.iframe.src).toBe("chrome-extension://abc/tabs/panel.html");
    expect(panel.style.width).toBe(`${DEFAULT_WIDTH}px`);
  });

  it("restores the remembered width and collapsed state", async () => {
    const { panel, toggle } = mount(memoryStore({ width: 520, collapsed: true }));
    await flush();
    expect(panel.style.width).toBe("520px");
    expect(panel.hidden).toBe(true);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });

  it("collapses to a handle on the right edge and remembers it", async () => {
    const { panel, toggle, store } = mount();
    await flush();
    toggle.click();
    expect(panel.hidden).toBe(true);
    expect(toggle.hidden).toBe(false);
    expect(toggle.style.right).toBe("0px");
    expect(toggle.getAttribute("aria-label")).toBe("Show Sidetext");
    expect(store.saved.at(-1)).toEqual({ width: DEFAULT_WIDTH, collapsed: true });
    toggle.click();
    expect(panel.hidden).toBe(false);
    expect(toggle.style.right).toBe(`${DEFAULT_WIDTH}px`);
  });

  it("resizes by dragging the left edge, and saves the width when the drag ends", async () => {
    const { panel, grip, store } = mount();
    await flush();
    const right = window.innerWidth;
    pointer(grip, "pointerdown", right - DEFAULT_WIDTH);
    expect(panel.classList.contains("dragging")).toBe(true);
    pointer(grip, "pointermove", right - 450);
    expect(panel.style.width).toBe("450px");
    expect(store.saved).toHaveLength(0);
    pointer(grip, "pointerup", right - 450);
    expect(store.saved.at(-1)).toEqual({ width: 450, collapsed: false });
    pointer(grip, "pointermove", right - 600); // after the drag: ignored
    expect(panel.style.width).toBe("450px");
  });

  it("never shrinks below the minimum width", async () => {
    const { panel, grip } = mount();
    await flush();
    pointer(grip, "pointerdown", 0);
    pointer(grip, "pointermove", window.innerWidth - 10);
    expect(panel.style.width).toBe(`${MIN_WIDTH}px`);
  });

  it("resizes from the keyboard", async () => {
    const { panel, grip } = mount();
    await flush();
    grip.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    expect(panel.style.width).toBe(`${DEFAULT_WIDTH + 16}px`);
  });

  it("hides while no record is open", () => {
    const { frame } = mount();
    frame.setVisible(false);
    expect(frame.host.style.display).toBe("none");
    frame.setVisible(true);
    expect(frame.host.style.display).toBe("");
  });

  it("destroy removes everything it added and stops listening", async () => {
    const { frame, toggle, store } = mount();
    await flush();
    frame.destroy();
    expect(document.querySelector("[data-sidetext-root]")).toBeNull();
    toggle.click();
    expect(store.saved).toHaveLength(0);
  });

  it("is destroyed when its signal aborts", () => {
    const controller = new AbortController();
    frame = mountPanel({ document, src: "about:blank", store: memoryStore(), signal: controller.signal });
    controller.abort();
    expect(document.querySelector("[data-sidetext-root]")).toBeNull();
  });
});
