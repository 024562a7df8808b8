// Issue 11, full load: the worker answers the panel frame's own navigation with the record's cached thread in
// the page (src/worker/panel-page.ts), only for the nonce our content script sent with its token request,
// once; inbox text in that page is text, never markup.
import "../support/extension-env";
import { JSDOM } from "jsdom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CrmRecord } from "../../src/protocol/record";
import { registerPanelPage } from "../../src/worker/panel-page";
import { FakeInbox } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { contentSender, type SignedInWorker, startSignedInWorker } from "../support/worker-harness";

const FILE = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/tabs/panel.f69f355e.css"><link rel="stylesheet" href="/tabs/missing.css"><title>Sidetext</title></head><body> <div id="__plasmo"></div> <script src="/tabs/panel.js" type="module"></script> </body></html>`;
const FILE_URL = "chrome-extension://sidetext/tabs/panel.html";
const CSS_URL = "chrome-extension://sidetext/tabs/panel.f69f355e.css";
const CSS = ".st-bubble-text { white-space: pre-wrap }";
const START_URL = "chrome-extension://sidetext/static/background/panel-start.1234abcd.js";
const PAGE = "https://acme.lightning.force.com/lightning/r/Contact/003000000000001/view";
const E164 = "+14155551001";
const NONCE = "0b7f8c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
const HOSTILE = ['<img src=x onerror="alert(1)">', "</p><a href='//evil.example'>win</a>"];
const record: CrmRecord = {
  source: "salesforce",
  kind: "contact",
  name: "<b>Customer</b> 1",
  company: null,
  url: PAGE,
  phones: [{ raw: "(415) 555-1001", e164: E164, label: "mobile", extension: null }],
  fields: {},
};

let w: SignedInWorker;
let scope: EventTarget;
beforeEach(async () => {
  const inbox = new FakeInbox();
  inbox.addConversation(1);
  w = await startSignedInWorker({ inbox });
  await waitFor("the conversation cached", async () => (await w.h.db.conversations.count()) === 1);
  for (const body of HOSTILE) inbox.inbound("cv_1", body);
  await waitFor("the messages synced", async () => (await w.h.db.messages.count()) === HOSTILE.length);
  await w.route({ type: "record.opened", record }, contentSender(7, PAGE));
  scope = new EventTarget();
  registerPanelPage(scope, w.ctx.panelPages, FILE_URL, START_URL);
  vi.stubGlobal("fetch", async (url: string | URL) => {
    const body = new Map([
      [FILE_URL, FILE],
      [CSS_URL, CSS],
    ]).get(String(url));
    return body === undefined ? new Response("", { status: 404 }) : new Response(body);
  });
});
afterEach(() => {
  w.stop();
  vi.unstubAllGlobals();
});

const tokenFor = async (nonce: string | undefined, url = PAGE) =>
  (await w.route({ type: "panel.token", ...(nonce ? { nonce } : {}) }, contentSender(7, url))) as {
    ok: true;
    data: { token: string; shows: { url: string; e164: string } | null };
  };

/** The frame's navigation, as Chrome hands it to the worker: its answer, or null (the browser reads the file). */
async function navigate(nonce: string | null, mode: RequestMode = "navigate"): Promise<string | null> {
  let answer: Promise<Response> | null = null;
  const event = Object.assign(new Event("fetch"), {
    request: { mode, url: `chrome-extension://dynamic-host/tabs/panel.html${nonce ? `?channel=${nonce}` : ""}` },
    respondWith: (r: Promise<Response>) => {
      answer = r;
    },
  });
  scope.dispatchEvent(event);
  return answer ? (await (answer as Promise<Response>)).text() : null;
}

describe("the panel's page with the cached thread in it", () => {
  it("is rendered at token time for the frame's nonce and names the record it shows", async () => {
    expect((await tokenFor(NONCE)).data.shows).toEqual({ url: PAGE, e164: E164 });
    const html = await navigate(NONCE);
    const doc = new JSDOM(html!).window.document;
    const painted = doc.body.firstElementChild as HTMLElement;
    expect(painted.dataset.firstPaint).toBe(PAGE);
    expect(doc.querySelector("#__plasmo")).not.toBeNull(); // the panel's own page, its bundle still loads
    expect([...doc.querySelectorAll(".st-bubble-text")].map((p) => p.textContent)).toEqual(HOSTILE);
    expect(doc.querySelector(".st-header-name")!.textContent).toBe("<b>Customer</b> 1");
  });

  it("parks the panel's bundle until that frame is painted: its script in an inert template, the starter after it", async () => {
    await tokenFor(NONCE);
    const doc = new JSDOM((await navigate(NONCE)) ?? "").window.document;
    const scripts = [...doc.querySelectorAll("script")];
    expect(scripts.map((s) => [s.getAttribute("src"), s.defer])).toEqual([["/panel-start.1234abcd.js", true]]); // the only one that runs
    const parked = doc.querySelector<HTMLTemplateElement>("template#sidetext-panel-app");
    expect(parked?.content.querySelector("script")?.getAttribute("src")).toBe("/tabs/panel.js");
    expect(parked?.content.querySelector("script")?.getAttribute("type")).toBe("module");
  });

  it("has the panel's stylesheet inlined (no request before the first paint); a sheet it cannot read stays a link", async () => {
    await tokenFor(NONCE);
    const doc = new JSDOM((await navigate(NONCE)) ?? "").window.document;
    expect([...doc.head.querySelectorAll("style")].map((s) => s.textContent)).toEqual([CSS]);
    expect([...doc.head.querySelectorAll("link")].map((l) => l.getAttribute("href"))).toEqual(["/tabs/missing.css"]);
  });

  it("waits for a render still under way when the frame's navigation comes first", async () => {
    const token = tokenFor(NONCE); // not awaited: the content script mounts the frame right after asking
    await new Promise((r) => setTimeout(r, 0)); // the navigation is the worker's next task, not after its IndexedDB reads
    expect(await navigate(NONCE)).toContain("st-bubble-text");
    expect((await token).data.shows).toEqual({ url: PAGE, e164: E164 });
  });

  it("keeps every text from the inbox as text: no element or attribute comes from a body or a name", async () => {
    await tokenFor(NONCE);
    const doc = new JSDOM((await navigate(NONCE)) ?? "").window.document;
    expect(doc.querySelectorAll("img, a, b, [onerror]")).toHaveLength(0);
    expect(doc.querySelectorAll(".st-bubble-row")).toHaveLength(HOSTILE.length);
  });

  it("is given once, to that nonce only: another nonce, none, a used one or a non-navigation gets the file", async () => {
    await tokenFor(NONCE);
    expect(await navigate("a-nonce-nobody-registered-0000")).toBeNull();
    expect(await navigate(null)).toBeNull();
    expect(await navigate(NONCE, "cors")).toBeNull();
    expect(await navigate(NONCE)).toContain("st-bubble-text");
    expect(await navigate(NONCE)).toBeNull(); // used
  });

  it("is not rendered without a nonce, or for a page where no record was read", async () => {
    expect((await tokenFor(undefined)).data.shows).toBeNull();
    expect(await navigate(NONCE)).toBeNull();
    expect((await tokenFor(NONCE, "https://acme.lightning.force.com/lightning/r/Contact/003000000000002/view")).data.shows).toBeNull();
    // The page as it is, no thread in it (only its stylesheet inlined).
    expect(await navigate(NONCE)).toBe(FILE.replace('<link rel="stylesheet" href="/tabs/panel.f69f355e.css">', `<style>${CSS}</style>`));
  });
});
