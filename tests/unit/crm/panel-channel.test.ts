// The private line between the content script and its panel iframe (src/crm/panel-channel.ts), both ends
// over Node's real MessageChannel: the iframe's window, its parent (the CRM page) and load event are the only stand-ins.
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectToPanel, listenToContentScript } from "~src/crm/panel-channel";

const PANEL_URL = "chrome-extension://abc/tabs/panel.html?channel=nonce-1";

type Poster = { postMessage(data: unknown, origin: string, ports?: MessagePort[]): void };

/**
 * The panel page's window: a real EventTarget at the panel's address; posting to it delivers a message event.
 * Its parent is the CRM page's window (`page`), where what the panel posts arrives with the panel as its source.
 */
function panelWindow(href = PANEL_URL) {
  const target = new EventTarget() as EventTarget & Poster & { location: { href: string }; parent: Poster };
  const page = new EventTarget();
  target.location = { href };
  const origins: string[] = [];
  target.postMessage = (data, origin, ports) => {
    origins.push(origin);
    target.dispatchEvent(Object.assign(new Event("message"), { data, ports }));
  };
  target.parent = { postMessage: (data) => page.dispatchEvent(Object.assign(new Event("message"), { data, source: target })) };
  return { win: target, origins, page };
}

/** The iframe element the content script made in `page`, loaded with `panel` inside. */
function iframeWith(panel: ReturnType<typeof panelWindow>["win"], page?: EventTarget) {
  const iframe = new EventTarget() as EventTarget & { src: string; contentWindow: unknown; ownerDocument: unknown };
  iframe.src = panel.location.href;
  iframe.contentWindow = panel;
  iframe.ownerDocument = { defaultView: page };
  return iframe as unknown as HTMLIFrameElement;
}

const tick = () => new Promise((r) => setTimeout(r, 10));
let life: AbortController;
const tokens: Array<string | null> = [];
const onToken = (token: string | null) => tokens.push(token);
afterEach(() => {
  life?.abort();
  tokens.length = 0;
});

describe("panel channel", () => {
  it("tells the panel which record is open, and hears when it was painted", async () => {
    const { win, origins } = panelWindow();
    const expects: unknown[] = [];
    const panelEnd = listenToContentScript(win as unknown as Window, { onExpect: (url, record) => expects.push([url, record?.name ?? null]), onToken });
    life = new AbortController();
    const iframe = iframeWith(win);
    const line = connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal, origin: "chrome-extension://abc" });
    const painted = vi.fn();
    line.expect("https://crm.test/a", painted, {
      source: "generic",
      kind: "contact",
      name: "Ana",
      company: null,
      url: "https://crm.test/a",
      phones: [],
      fields: {},
    });
    iframe.dispatchEvent(new Event("load"));
    await tick();
    expect(origins).toEqual(["chrome-extension://abc"]); // never "*": only the extension's page may get the port
    expect(expects).toEqual([["https://crm.test/a", "Ana"]]);
    panelEnd.painted("https://crm.test/old"); // a frame of another record does not count
    await tick();
    expect(painted).not.toHaveBeenCalled();
    panelEnd.painted("https://crm.test/a");
    await tick();
    expect(painted).toHaveBeenCalledTimes(1);
  });

  it("the panel ignores a port offered without its nonce (a page script posting to the frame)", async () => {
    const { win } = panelWindow();
    const expects: string[] = [];
    listenToContentScript(win as unknown as Window, { onExpect: (url) => expects.push(url), onToken });
    const forged = new MessageChannel();
    win.postMessage({ type: "sidetext:panel-channel", nonce: "guessed" }, "*", [forged.port2]);
    forged.port1.postMessage({ type: "expect", url: "https://evil.test/" });
    forged.port1.postMessage({ type: "token", token: "page-made" });
    await tick();
    expect(expects).toEqual([]);
    expect(tokens).toEqual([]);
    forged.port1.close();
  });

  it("hands the worker's token over the port, right after the record when both are known", async () => {
    const { win } = panelWindow();
    const heard: unknown[] = [];
    listenToContentScript(win as unknown as Window, { onExpect: (url) => heard.push(url), onToken: (token) => heard.push({ token }) });
    life = new AbortController();
    const iframe = iframeWith(win);
    const line = connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal });
    await tick(); // the worker answered before the iframe loaded
    line.expect("https://crm.test/a", vi.fn());
    iframe.dispatchEvent(new Event("load"));
    await tick();
    // The record first: the panel asks for its topics the moment the token comes, before its views do.
    expect(heard).toEqual(["https://crm.test/a", { token: "tok" }]);
  });

  it("what is known when the port is offered comes with the port itself, not a task later over it", async () => {
    const { win } = panelWindow();
    const heard: unknown[] = [];
    listenToContentScript(win as unknown as Window, { onExpect: (url) => heard.push(url), onToken: (token) => heard.push({ token }) });
    life = new AbortController();
    const iframe = iframeWith(win);
    const line = connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal });
    await tick();
    line.expect("https://crm.test/a", vi.fn());
    await tick();
    iframe.dispatchEvent(new Event("load"));
    // Heard in the same task as the offer: a port's own messages would come only after a later task.
    expect(heard).toEqual(["https://crm.test/a", { token: "tok" }]);
    await tick();
    expect(heard).toHaveLength(2); // said once, not again over the port
  });

  it("a token the worker gives after the iframe loaded still reaches the panel; none at all is said too", async () => {
    for (const answer of ["late-tok", null]) {
      const { win } = panelWindow();
      const got: Array<string | null> = [];
      listenToContentScript(win as unknown as Window, { onExpect: vi.fn(), onToken: (token) => got.push(token) });
      life = new AbortController();
      const iframe = iframeWith(win);
      let resolve = (_: string | null) => {};
      const token = new Promise<string | null>((r) => {
        resolve = r;
      });
      connectToPanel(iframe, { nonce: "nonce-1", token, signal: life.signal });
      iframe.dispatchEvent(new Event("load"));
      await tick();
      expect(got).toEqual([]);
      resolve(answer);
      await tick();
      expect(got).toEqual([answer]);
      life.abort();
    }
  });

  it("opens the channel when the panel's script says it is ready, without waiting for the iframe's load", async () => {
    const { win, origins, page } = panelWindow();
    life = new AbortController();
    const iframe = iframeWith(win, page);
    const line = connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal, origin: "chrome-extension://abc" });
    await tick();
    line.expect("https://crm.test/a", vi.fn());
    const heard: unknown[] = [];
    listenToContentScript(win as unknown as Window, { onExpect: (url) => heard.push(url), onToken: (token) => heard.push({ token }) }); // its script runs
    await tick();
    expect(heard).toEqual(["https://crm.test/a", { token: "tok" }]);
    iframe.dispatchEvent(new Event("load")); // the load that follows opens no second channel
    await tick();
    expect(origins).toEqual(["chrome-extension://abc"]);
    expect(heard).toHaveLength(2);
  });

  it("a 'ready' from any window but the iframe's opens nothing; a load without one still does", async () => {
    const { win, origins, page } = panelWindow();
    life = new AbortController();
    const iframe = iframeWith(win, page);
    connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal });
    page.dispatchEvent(Object.assign(new Event("message"), { data: { type: "sidetext:panel-ready" }, source: page })); // a page script
    await tick();
    expect(origins).toEqual([]);
    iframe.dispatchEvent(new Event("load"));
    await tick();
    expect(origins).toHaveLength(1);
  });

  it("the panel takes a token only over its verified port, never from a message to its window", async () => {
    const { win } = panelWindow();
    listenToContentScript(win as unknown as Window, { onExpect: vi.fn(), onToken });
    // A page script guessing the message shape, with the nonce even (it cannot know it), but without a port.
    win.postMessage({ type: "token", token: "page-made" }, "*", []);
    win.postMessage({ type: "sidetext:panel-channel", nonce: "nonce-1", token: "page-made" }, "*", []);
    await tick();
    expect(tokens).toEqual([]);
  });

  it("drops a record whose address is not the one expected", async () => {
    const { win } = panelWindow();
    const records: unknown[] = [];
    listenToContentScript(win as unknown as Window, { onExpect: (_url, record) => records.push(record), onToken });
    life = new AbortController();
    const iframe = iframeWith(win);
    const line = connectToPanel(iframe, { nonce: "nonce-1", token: Promise.resolve("tok"), signal: life.signal });
    line.expect("https://crm.test/a", vi.fn(), {
      source: "generic",
      kind: "contact",
      name: "Other",
      company: null,
      url: "https://crm.test/b",
      phones: [],
      fields: {},
    });
    iframe.dispatchEvent(new Event("load"));
    await tick();
    expect(records).toEqual([null]);
  });
});
