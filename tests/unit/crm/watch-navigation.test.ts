import { JSDOM } from "jsdom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hubspot } from "~src/crm/hubspot/adapter";
import { watchRecord } from "~src/crm/watch-navigation";
import type { CrmRecord } from "~src/protocol/record";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const portal = "https://app.hubspot.com/contacts/2456789";

function property(key: string, value: string): string {
  return `<div data-profile-property="${key}"><label>${key}</label><input readonly data-selenium-test="property-input-${key}" value="${value}"></div>`;
}
function sidebar(name: string, phone: string): string {
  return `<h2 data-selenium-test="highlightTitle">${name}</h2>${property("phone", phone)}`;
}

let controller: AbortController;
afterEach(() => controller?.abort());

function start(html: string, path: string, settleMs = 300, visual = false, pollMs = 20) {
  // pretendToBeVisual: jsdom then runs requestAnimationFrame callbacks (at 60 Hz).
  const dom = new JSDOM(`<!doctype html><body><aside data-test-id="left-sidebar">${html}</aside><main></main></body>`, {
    url: `${portal}${path}`,
    pretendToBeVisual: visual,
  });
  const win = dom.window as unknown as Window;
  const seen: (CrmRecord | null)[] = [];
  const signals: AbortSignal[] = [];
  const reads = { count: 0 };
  controller = new (win as unknown as typeof globalThis).AbortController(); // jsdom wants its own AbortSignal
  watchRecord({
    adapter: {
      ...hubspot,
      read: (d, l) => {
        reads.count++;
        return hubspot.read(d, l);
      },
    },
    window: win,
    signal: controller.signal,
    onRecord: (record, pageSignal) => {
      seen.push(record);
      signals.push(pageSignal);
    },
    pollMs,
    settleMs,
  });
  const sidebarEl = win.document.querySelector("aside")!;
  return { win, seen, signals, sidebarEl, reads };
}

describe("watchRecord", () => {
  it("reports the record on the page at start", () => {
    const { seen } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    expect(seen.map((r) => r?.phones[0].e164)).toEqual(["+14155550132"]);
  });

  it("follows an SPA switch to the next record, closing the first one at once", async () => {
    const { win, seen, sidebarEl } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    win.history.pushState({}, "", `${portal}/record/0-1/2`);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen.at(-1)).toBeNull(); // URL changed, old DOM still there: nothing is shown rather than Jane.
    sidebarEl.innerHTML = sidebar("Marcus Lee", "(628) 555-0187");
    await vi.waitFor(() => expect(seen.map((r) => r?.name ?? null)).toEqual(["Jane Doe", null, "Marcus Lee"]));
  });

  it("never reports the previous record's number under the new URL while the page has not re-rendered", async () => {
    const { win, seen, sidebarEl, reads } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1", 5_000);
    win.history.pushState({}, "", `${portal}/record/0-1/2`);
    // An unrelated change inside the sidebar triggers a read while Jane's fields are still rendered.
    sidebarEl.append(win.document.createElement("span"));
    await vi.waitFor(() => expect(reads.count).toBeGreaterThan(1));
    await sleep(50);
    expect(seen.map((r) => r?.name ?? null)).toEqual(["Jane Doe", null]);
  });

  it("trusts an identical-looking record once the page has settled (two records, same person)", async () => {
    const { win, seen } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1", 50);
    win.history.pushState({}, "", `${portal}/record/0-1/2`);
    await vi.waitFor(() => expect(seen.map((r) => r?.url ?? null)).toEqual([`${portal}/record/0-1/1`, null, `${portal}/record/0-1/2`]));
  });

  it("keeps the record across tabs of the same record", async () => {
    const { win, seen } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    win.history.pushState({}, "", `${portal}/record/0-1/1/view/activities`);
    await sleep(60);
    expect(seen.map((r) => r?.name ?? null)).toEqual(["Jane Doe"]);
  });

  it("re-reads when a watched field changes, not when unrelated parts of the page do", async () => {
    const { win, seen, sidebarEl, reads } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    const main = win.document.querySelector("main")!;
    main.append(win.document.createTextNode("Call (212) 555-0101")); // not in the record's fields
    main.setAttribute("class", "busy");
    await sleep(100); // the watcher would have read within 10 ms
    expect(reads.count).toBe(1);
    sidebarEl.insertAdjacentHTML("beforeend", property("mobilephone", "(628) 555-0187"));
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(reads.count).toBe(2);
    expect(seen[1]!.phones.map((p) => p.label)).toEqual(["work", "mobile"]);
  });

  it("reports nothing after abort, and aborts the page signal", async () => {
    const { win, seen, signals, sidebarEl } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    controller.abort();
    expect(signals[0].aborted).toBe(true);
    win.history.pushState({}, "", `${portal}/record/0-1/2`);
    sidebarEl.innerHTML = sidebar("Marcus Lee", "(628) 555-0187");
    await sleep(60);
    expect(seen).toHaveLength(1);
  });

  it("aborts the previous record's page signal when the record changes", async () => {
    const { win, signals } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    win.history.pushState({}, "", `${portal}/contacts`);
    await vi.waitFor(() => expect(signals[0].aborted).toBe(true));
  });

  it("reads the next record in the same task as the switch when its markup is already there (no debounce)", () => {
    const { win, seen, sidebarEl } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1");
    sidebarEl.innerHTML = sidebar("Marcus Lee", "(628) 555-0187");
    win.history.pushState({}, "", `${portal}/record/0-1/2`);
    win.dispatchEvent(new (win as unknown as typeof globalThis).PopStateEvent("popstate")); // what the Navigation API / popstate tell us at once
    expect(seen.map((r) => r?.name ?? null)).toEqual(["Jane Doe", null, "Marcus Lee"]);
  });

  it("coalesces a burst of relevant mutations into one read in the next animation frame", async () => {
    const { win, seen, sidebarEl, reads } = start(sidebar("Jane Doe", "(415) 555-0132"), "/record/0-1/1", 300, true);
    for (let i = 0; i < 5; i++) sidebarEl.append(win.document.createElement("span"));
    sidebarEl.insertAdjacentHTML("beforeend", property("mobilephone", "(628) 555-0187"));
    await sleep(0);
    expect(reads.count).toBe(1); // not yet: waits for the frame
    await new Promise((r) => win.requestAnimationFrame(() => setTimeout(r, 0)));
    expect(reads.count).toBe(2);
    expect(seen.at(-1)!.phones).toHaveLength(2);
  });

  it("re-reads when a field inside an open shadow root changes", async () => {
    const { seen, sidebarEl } = start(`<div id="host"></div>`, "/record/0-1/1");
    const root = sidebarEl.querySelector("#host")!.attachShadow({ mode: "open" });
    root.innerHTML = `<div id="inner"></div>`; // not seen by a document observer, found by the poll
    await sleep(60);
    root.querySelector("#inner")!.innerHTML = sidebar("Jane Doe", "(415) 555-0132");
    await vi.waitFor(() => expect(seen.at(-1)?.name).toBe("Jane Doe"));
  });

  it("observes shadow roots that arrive with their hosts", async () => {
    const { win, seen, sidebarEl } = start(`<div id="slot"></div>`, "/record/0-1/1", 300, false, 60_000); // no poll to help
    const host = win.document.createElement("div");
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = `<section></section>`;
    sidebarEl.querySelector("#slot")!.append(host);
    await sleep(0);
    root.querySelector("section")!.innerHTML = sidebar("Jane Doe", "(415) 555-0132");
    await vi.waitFor(() => expect(seen.at(-1)?.name).toBe("Jane Doe"));
  });

  it("re-reads on any change while the page has none of the site's hooks (a release the fallback reads)", async () => {
    const dom = new JSDOM(`<!doctype html><body><main><p>Loading…</p></main></body>`, { url: `${portal}/record/0-1/1` });
    const win = dom.window as unknown as Window;
    const reads = { count: 0 };
    controller = new (win as unknown as typeof globalThis).AbortController();
    watchRecord({
      adapter: {
        ...hubspot,
        read: (d, l) => {
          reads.count++;
          return hubspot.read(d, l);
        },
      },
      window: win,
      signal: controller.signal,
      onRecord: () => undefined,
      pollMs: 60_000,
    });
    win.document.querySelector("main")!.append(win.document.createElement("div"));
    await vi.waitFor(() => expect(reads.count).toBe(2));
  });
});
