import { afterEach, describe, expect, it, vi } from "vitest";
import { JSDOM } from "jsdom";

const sent: unknown[] = [];
/** What the worker answers to panel.token (src/crm/panel-token.ts): at once unless a test holds it back. */
let tokenAnswer: () => Promise<unknown> = async () => ({ ok: true, data: { token: "tok" } });
// The panel token and settings are answered, not recorded: `sent` holds what the script reports.
vi.mock("~src/platform/messaging", () => ({
  messaging: {
    send: async (m: { type: string }) => {
      if (m.type === "panel.token") return tokenAnswer();
      if (m.type === "settings.get") return { ok: true, data: {} };
      sent.push(m);
    },
    onMessage: () => () => undefined,
  },
}));
vi.mock("~src/platform/browser", () => ({
  browser: {
    runtime: { getURL: (path: string) => `chrome-extension://sidetext/${path}` },
    storage: { local: { get: async () => ({}), set: async () => undefined } },
  },
}));

const { runContentScript } = await import("~src/crm/run-content-script");
const { shadowOf } = await import("~src/crm/shadow-host");
// jsdom's events are never trusted: these tests click for the rep (one test checks the default).
const asRep = { gate: () => true };
const { pipedrive } = await import("~src/crm/pipedrive/adapter");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const person = (name: string, phone: string) =>
  `<div class="detailView__header"><h1 data-test="header-title">${name}</h1></div><aside data-test="detail-sidebar"><div class="fieldsList"><div class="item" data-test="person-field-phone"><div class="fieldLabel">Phone</div><div class="fieldValue"><ul><li data-test="field-value-item"><a href="tel:${phone}" data-test="phone-value">${phone}</a> <span data-test="value-label">(Mobile)</span></li></ul></div></div></div></aside>`;

let stop: AbortController | undefined;
afterEach(() => {
  stop?.abort();
  sent.length = 0;
});

function open(path: string, body: string) {
  const dom = new JSDOM(`<!doctype html><body><div id="app">${body}</div></body>`, { url: `https://acme.pipedrive.com${path}` });
  const win = dom.window as unknown as Window & typeof globalThis;
  // The script's own AbortController must belong to the page's realm, like in a browser.
  vi.stubGlobal("AbortController", win.AbortController);
  vi.stubGlobal("CustomEvent", win.CustomEvent);
  return win;
}

describe("runContentScript", () => {
  it("tells the worker about the record, shows the panel and a Text button", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win, asRep);
    await sleep(0);
    expect(sent).toEqual([{ type: "record.opened", record: expect.objectContaining({ name: "Ana Ruiz", source: "pipedrive" }) }]);
    const host = win.document.querySelector("[data-sidetext-root]") as HTMLElement;
    expect(host.shadowRoot).toBeNull(); // closed to the page
    const src = new URL(shadowOf(host)!.querySelector("iframe")!.src);
    expect(`${src.protocol}//${src.host}${src.pathname}`).toBe("chrome-extension://sidetext/tabs/panel.html");
    expect(src.searchParams.get("token")).toBeNull(); // handed over the private channel instead (panel-channel.ts)
    expect(win.document.querySelectorAll("[data-sidetext-text-button]")).toHaveLength(1);
  });

  it("starts loading the panel before the worker has answered with its token", async () => {
    let answer = (_: unknown) => {};
    const held = new Promise((resolve) => {
      answer = resolve;
    });
    tokenAnswer = () => held;
    try {
      const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
      stop = runContentScript(pipedrive, "US", win, asRep);
      const host = win.document.querySelector("[data-sidetext-root]") as HTMLElement;
      expect(new URL(shadowOf(host)!.querySelector("iframe")!.src).pathname).toBe("/tabs/panel.html");
    } finally {
      answer({ ok: true, data: { token: "tok" } });
      tokenAnswer = async () => ({ ok: true, data: { token: "tok" } });
    }
  });

  it("a Text click sends the record with that number first", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win, asRep);
    shadowOf(win.document.querySelector("[data-sidetext-text-button]")!)!.querySelector("button")!.click();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ type: "record.opened", record: { phones: [{ e164: "+14155550132" }] } });
  });

  it("closes the record and hides the panel on leaving it; removes everything on teardown", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win, asRep);
    win.history.pushState({}, "", "/pipeline");
    await vi.waitFor(() => expect(sent.at(-1)).toEqual({ type: "record.closed" }), { timeout: 3_000 });
    const host = win.document.querySelector("[data-sidetext-root]") as HTMLElement;
    expect(shadowOf(host)!.querySelector<HTMLElement>(".all")!.hidden).toBe(true);
    expect(win.document.querySelectorAll("[data-sidetext-text-button]")).toHaveLength(0);
    stop.abort();
    expect(win.document.querySelector("[data-sidetext-root]")).toBeNull();
  });

  it("a second copy of the script ends the first", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    const first = runContentScript(pipedrive, "US", win, asRep);
    stop = runContentScript(pipedrive, "US", win, asRep);
    expect(first.signal.aborted).toBe(true);
    await sleep(0);
    expect(win.document.querySelectorAll("[data-sidetext-root]")).toHaveLength(1);
  });

  it("a page script can't take the panel down with an event, nor click a Text button", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win);
    await sleep(0);
    win.document.dispatchEvent(new win.CustomEvent("sidetext:teardown"));
    expect(stop.signal.aborted).toBe(false);
    expect(win.document.querySelectorAll("[data-sidetext-root]")).toHaveLength(1);
    shadowOf(win.document.querySelector("[data-sidetext-text-button]")!)!.querySelector("button")!.click(); // untrusted
    await sleep(0);
    expect(sent).toHaveLength(1);
  });

  it("covers the panel in the same task as a change of record, and keeps it up for the next record", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win, asRep);
    const root = shadowOf(win.document.querySelector("[data-sidetext-root]")!)!;
    const cover = root.querySelector<HTMLElement>(".cover")!;
    // The SPA swaps URL and markup in one task; the cover is up before that task ends.
    win.history.pushState({}, "", "/person/2");
    win.document.querySelector("#app")!.innerHTML = person("Ben Okafor", "+14155550199");
    await Promise.resolve();
    expect(cover.hidden).toBe(false);
    expect(root.querySelector<HTMLElement>(".all")!.hidden).toBe(false); // still docked: no layout jump
    await vi.waitFor(() => expect(sent.at(-1)).toMatchObject({ type: "record.opened", record: { name: "Ben Okafor" } }));
  });

  it("a switch the SPA renders in one task reports the next record without a close first", async () => {
    const win = open("/person/1", person("Ana Ruiz", "+14155550132"));
    stop = runContentScript(pipedrive, "US", win, asRep);
    await sleep(0);
    win.history.pushState({}, "", "/person/2");
    win.document.querySelector("#app")!.innerHTML = person("Ben Okafor", "+14155550199");
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    await sleep(20);
    expect(sent.map((m) => (m as { type: string }).type)).toEqual(["record.opened", "record.opened"]);
  });

  it("reads the record once the rep's country arrives from the worker", async () => {
    const win = open("/person/1", person("Ana Ruiz", "(415) 555-0132"));
    let answer!: (country: string) => void;
    stop = runContentScript(pipedrive, new Promise<string>((resolve) => (answer = resolve)), win, asRep);
    await sleep(0);
    expect(sent).toEqual([]);
    answer("US");
    await vi.waitFor(() =>
      expect(sent).toEqual([{ type: "record.opened", record: expect.objectContaining({ phones: [expect.objectContaining({ e164: "+14155550132" })] }) }]),
    );
  });
});
