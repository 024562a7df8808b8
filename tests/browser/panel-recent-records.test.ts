// Back to a record the panel showed a moment ago (src/crm/panel-recent.ts), in real Chromium: a HubSpot page
// switches records the way HubSpot does (pushState, then the record markup replaced), and the panel goes
// straight to the record's thread from its own cache, with what arrived while the rep was on another record.
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { waitForCachedMessage, waitForViewsSent } from "../support/browser-cache";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts } from "../support/demo-texts";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";

const BASE = fixturePage("hubspot/contact-one-phone.html");
/** The fixture's Jane Doe as a seeded contact with a thread in the Main line, at its own record address. */
function record(id: string, name: string, national: string) {
  const digits = national.replace(/\D/g, "");
  const url = BASE.url.replace(/\d+$/, id);
  const html = BASE.html.replaceAll("Jane Doe", name).replaceAll("415-555-0132", national).replaceAll("4155550132", digits).replace(BASE.url, url);
  return { url, html, main: /<main id="hs-app">[\s\S]*<\/main>/.exec(html)![0] };
}
const maria = record("51234", "Maria Garcia", "415-555-0123");
const james = record("51235", "James Wilson", "212-555-0134");

describe.skipIf(!hasChromium())("panel: back to a recent record", () => {
  let server: TestServer;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let panel: Frame;
  let token: string;
  let mainInboxId: string;

  beforeAll(async () => {
    ensureBuilt();
    ({ server, token, mainInboxId } = await serverWithTexts());
    crm = await startCrmHost([maria, james]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    tab = await ext.context.newPage();
    await tab.goto(maria.url);
    panel = await panelOf(tab);
    await panel.getByRole("heading", { name: "Maria Garcia" }).waitFor({ timeout: 15_000 });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
  });

  const switchTo = (r: { url: string; main: string }) =>
    tab.evaluate(
      ([url, markup]) => {
        history.pushState({}, "", url);
        const next = new DOMParser().parseFromString(markup, "text/html").querySelector("#hs-app")!;
        document.querySelector("#hs-app")!.replaceWith(next);
      },
      [r.url, r.main] as const,
    );

  // Its own time: its waits add up to more than the default 20 s on a loaded machine (18 s measured with two files).
  it("shows the thread at once, with a text that came while the rep was on another record", { timeout: 60_000 }, async () => {
    await switchTo(james);
    await panel.getByRole("heading", { name: "James Wilson" }).waitFor({ timeout: 5_000 });
    await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from: "+14155550123", body: "Sent while you were away" } });
    await waitForCachedMessage(ext, "Sent while you were away"); // the text reaches the worker's cache over the stream
    await waitForViewsSent(ext); // and the panel's held copy of her thread (on a loaded machine that takes a while)

    // What each frame of the panel shows from now on (read in requestAnimationFrame, just before it paints).
    await panel.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const look = () => {
        const visible = [...document.querySelectorAll<HTMLElement>("h1, .st-empty, [role=status], [data-testid=message]")].filter((e) => e.offsetParent);
        seen.push(visible.map((e) => e.innerText.replace(/\s+/g, " ")).join(" | "));
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await switchTo(maria);
    await panel.getByRole("heading", { name: "Maria Garcia" }).waitFor({ timeout: 5_000 });
    const frames = await panel.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const after = frames.slice(frames.findIndex((f) => !f.includes("James Wilson")));
    // No "Looking up this number…" or "Loading conversation…" on the way, and her thread has the new text
    // in the first frame that shows her.
    expect(after.filter((f) => /Looking up|Loading conversation|Connecting/.test(f))).toEqual([]);
    const first = after.find((f) => f.includes("Maria Garcia"));
    expect(first).toContain("Sent while you were away");
  });
});
