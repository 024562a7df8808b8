// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WIDTH, MIN_WIDTH, mountPanel, type PanelFrame, type PanelOptions } from "~src/crm/panel-frame";
import type { PanelState, PanelStore } from "~src/crm/panel-store";
import type { CrmRecord } from "~src/protocol/record";

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

// jsdom's events are never trusted; these tests stand in for the rep (one test checks the default).
const anyEvent = () => true;

function mount(store = memoryStore(), extra: Partial<PanelOptions> = {}) {
  frame = mountPanel({ document, src: "chrome-extension://abc/tabs/panel.html", token: Promise.resolve("t"), store, gate: anyEvent, ...extra });
  const root = frame.root;
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
    expect(frame.host.shadowRoot).toBeNull(); // closed: a page script can't reach in
    expect(() => frame.host.attachShadow({ mode: "open" })).toThrow();
    expect(frame.iframe.getAttribute("data-sidetext-panel")).toBe("");
    const src = new URL(frame.iframe.src);
    expect(`${src.protocol}//${src.host}${src.pathname}`).toBe("chrome-extension://abc/tabs/panel.html");
    expect(src.searchParams.get("token")).toBeNull(); // the token goes over the private channel (panel-channel.ts)
    expect(src.searchParams.get("channel")).toMatch(/^[0-9a-f-]{36}$/);
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
    const all = frame.root.querySelector<HTMLElement>(".all")!;
    frame.setVisible(false);
    expect(all.hidden).toBe(true);
    frame.setVisible(true);
    expect(all.hidden).toBe(false);
  });

  it("ignores scripted clicks and keys: only the rep's own input acts", async () => {
    const { panel, toggle, grip, store } = mount(memoryStore(), { gate: undefined });
    await flush();
    toggle.click();
    grip.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    expect(panel.hidden).toBe(false);
    expect(panel.style.width).toBe(`${DEFAULT_WIDTH}px`);
    expect(store.saved).toHaveLength(0);
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
    frame = mountPanel({ document, src: "about:blank", token: Promise.resolve(null), store: memoryStore(), signal: controller.signal });
    controller.abort();
    expect(document.querySelector("[data-sidetext-root]")).toBeNull();
  });

  it("reserves its width on the page while open and gives it back when collapsed or gone", async () => {
    const { frame, toggle } = mount();
    await flush();
    expect(document.documentElement.style.marginRight).toBe(`${DEFAULT_WIDTH}px`);
    toggle.click();
    expect(document.documentElement.style.marginRight).toBe("");
    toggle.click();
    frame.setVisible(false);
    expect(document.documentElement.style.marginRight).toBe("");
    frame.setVisible(true);
    frame.destroy();
    expect(document.documentElement.style.marginRight).toBe("");
  });

  it("is covered until the panel says it painted the open record", async () => {
    const { frame } = mount();
    const cover = frame.root.querySelector<HTMLElement>(".cover")!;
    expect(cover.hidden).toBe(false); // loading: nothing to show yet
    frame.show("https://crm.test/a");
    expect(cover.hidden).toBe(false);
    expect(frame.iframe.hasAttribute("inert")).toBe(true);
  });

  it("uncovers after a while even if the panel never answers", async () => {
    const { frame } = mount(memoryStore(), { coverTimeoutMs: 20 });
    const cover = frame.root.querySelector<HTMLElement>(".cover")!;
    frame.show("https://crm.test/a");
    await new Promise((r) => setTimeout(r, 40));
    expect(cover.hidden).toBe(true);
    frame.cover(); // the record changes: covered again at once
    expect(cover.hidden).toBe(false);
  });

  describe("when the worker put the record's thread in the frame's page (its `shows`)", () => {
    const A = "https://crm.test/a";
    const E164 = "+14155551001";
    const reading = (url: string, ...e164s: string[]) =>
      ({ url, phones: e164s.map((e164) => ({ e164, raw: e164, label: "mobile", extension: null })) }) as unknown as CrmRecord;
    const covered = (frame: PanelFrame) => !frame.root.querySelector<HTMLElement>(".cover")!.hidden;

    it("lifts its cover at once when its own reading is that record: same URL, its one number", async () => {
      const { frame } = mount(memoryStore(), { shows: Promise.resolve({ url: A, e164: E164 }) });
      frame.show(A, reading(A, E164));
      await flush();
      expect(covered(frame)).toBe(false);
      expect(frame.iframe.hasAttribute("inert")).toBe(false);
    });

    it.each([
      ["another record's page", { url: "https://crm.test/b", e164: E164 }, reading(A, E164)],
      ["another number", { url: A, e164: "+14155550000" }, reading(A, E164)],
      ["a reading with two numbers", { url: A, e164: E164 }, reading(A, E164, "+14155550000")],
      ["no thread in the page", null, reading(A, E164)],
      ["no reading", { url: A, e164: E164 }, undefined],
    ])("keeps its cover until the panel says it painted: %s", async (_, shows, record) => {
      const { frame } = mount(memoryStore(), { shows: Promise.resolve(shows) });
      frame.show(A, record);
      await flush();
      expect(covered(frame)).toBe(true);
    });

    it("keeps its cover once the record changed: the page was rendered for the first one", async () => {
      let answer: (shows: { url: string; e164: string }) => void = () => {};
      const { frame } = mount(memoryStore(), { shows: new Promise((r) => (answer = r)) });
      frame.show(A, reading(A, E164));
      frame.cover(); // the rep moved on before the worker answered
      frame.show("https://crm.test/b", reading("https://crm.test/b", E164));
      answer({ url: A, e164: E164 });
      await flush();
      expect(covered(frame)).toBe(true);
      frame.cover();
      frame.show(A, reading(A, E164)); // back on A: the frame's page no longer holds A's thread
      await flush();
      expect(covered(frame)).toBe(true);
    });
  });
});
