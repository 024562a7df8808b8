// Chrome's side panel dock keeps recent records warm (sidepanel/index.tsx, src/crm/panel-recent.ts), in real
// Chromium: its page outlives the CRM tab's loads, so back on a record seen a moment ago (a full page load of
// it) the side panel goes straight to its thread, with a text that came while the rep was on another record.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { waitForCachedMessage } from "../support/browser-cache";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts, type DemoWithTexts } from "../support/demo-texts";

const BASE = fixturePage("hubspot/contact-one-phone.html");
/** The fixture's Jane Doe as a seeded contact with a thread in the Main line, at its own record address. */
function record(id: string, name: string, national: string) {
  const digits = national.replace(/\D/g, "");
  const url = BASE.url.replace(/\d+$/, id);
  return { url, html: BASE.html.replaceAll("Jane Doe", name).replaceAll("415-555-0132", national).replaceAll("4155550132", digits).replace(BASE.url, url) };
}
const maria = record("51234", "Maria Garcia", "415-555-0123");
const james = record("51235", "James Wilson", "212-555-0134");

describe.skipIf(!hasChromium())("Chrome's side panel: back to a recent record", () => {
  let demo: DemoWithTexts;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let side: Page;

  beforeAll(async () => {
    ensureBuilt();
    demo = await serverWithTexts();
    crm = await startCrmHost([maria, james]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(demo.server.url);
    tab = await ext.context.newPage();
    // Headless Chromium shows no side panel: its page in a popup window of its own (a background tab gets no
    // animation frames); it follows the active tab of the last focused normal window, the CRM's.
    const opened = ext.context.waitForEvent("page");
    await ext.worker.evaluate(() => chrome.windows.create({ url: "sidepanel.html", type: "popup", focused: false }));
    side = await opened;
    await side.waitForLoadState();
    await side.evaluate((cmd) => chrome.runtime.sendMessage(cmd), { type: "settings.update", settings: { dock: "sidepanel" } });
    await tab.bringToFront();
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await demo?.server.close();
  });

  // Its own time: its waits add up to more than the default 20 s on a loaded machine (20 s hit with two files running).
  it("shows the thread at once when the record loads again, with a text that came meanwhile", { timeout: 60_000 }, async () => {
    await tab.goto(maria.url);
    await side.getByRole("heading", { name: "Maria Garcia" }).waitFor({ timeout: 15_000 });
    await side.getByTestId("message").first().waitFor({ timeout: 10_000 });
    await tab.goto(james.url);
    await side.getByRole("heading", { name: "James Wilson" }).waitFor({ timeout: 10_000 });
    await side.getByTestId("message").first().waitFor({ timeout: 10_000 });
    await demo.textIn("+14155550123", "Sent while you were on James");
    await waitForCachedMessage(ext, "Sent while you were on James"); // the text reaches the worker's cache over the stream

    // What each frame of the side panel shows from now on (read in requestAnimationFrame, before it paints).
    await side.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const look = () => {
        const shown = [...document.querySelectorAll<HTMLElement>("h1, .st-empty, [role=status], [data-testid=message]")].filter((e) => e.offsetParent);
        seen.push(shown.map((e) => e.innerText.replace(/\s+/g, " ")).join(" | "));
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await tab.goto(maria.url);
    await side.getByRole("heading", { name: "Maria Garcia" }).waitFor({ timeout: 10_000 });
    await side.getByTestId("message").filter({ hasText: "Sent while you were on James" }).waitFor({ timeout: 5_000 });
    const frames = await side.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // From the first frame that no longer shows James: no "Looking up this number…" or "Loading conversation…"
    // on the way, and the first frame that shows her has the new text already.
    const after = frames.slice(frames.findIndex((f) => !f.includes("James Wilson")));
    expect(after.filter((f) => /Looking up|Loading conversation|Connecting/.test(f))).toEqual([]);
    expect(after.find((f) => f.includes("Maria Garcia"))).toContain("Sent while you were on James");
  });
});
