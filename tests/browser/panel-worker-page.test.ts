// A full page load of a CRM record, in real Chromium: the extension's worker answers the panel frame's own
// navigation with the cached thread in its HTML (src/worker/panel-page.ts), so the thread is painted as the
// page is parsed, before React's panel. Only the frame our content script created gets it: the
// same page with another nonce, or the same nonce again, gets the plain file and no thread.
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts, type DemoWithTexts } from "../support/demo-texts";
import { panelOf } from "../support/our-ui";

const withNumber = (html: string) => html.replaceAll("555-0132", "555-0193").replaceAll("5550132", "5550193");
const PAGE = fixturePage("hubspot/contact-one-phone.html", withNumber);
const TEXT = "Rendered by the worker <b>before</b> the bundle";

/** When the thread's text was painted (Element Timing, set on it by the worker) and when React's panel mounted. */
const timings = (frame: Frame) =>
  frame.evaluate(
    () =>
      new Promise<{ painted: number[]; mounted: number | null }>((resolve) => {
        const painted: number[] = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[])
            if (e.identifier === "sidetext-thread") painted.push(e.renderTime);
        }).observe({ type: "element", buffered: true });
        setTimeout(() => resolve({ painted, mounted: performance.getEntriesByName("sidetext:panel-mounted")[0]?.startTime ?? null }), 50);
      }),
  );

describe.skipIf(!hasChromium())("panel: the worker's page on a full load", () => {
  let demo: DemoWithTexts;
  let crm: CrmHost;
  let ext: LaunchedExtension;

  beforeAll(async () => {
    ensureBuilt();
    demo = await serverWithTexts([{ from: "+14155550193", body: TEXT }]);
    crm = await startCrmHost([PAGE]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(demo.server.url);
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await demo?.server.close();
  });

  it("paints the cached thread from the page's HTML before React's panel mounts; other frames of the page get none", async () => {
    const tab = await ext.context.newPage();
    await tab.goto(PAGE.url); // caches the thread, and where the number was read
    await (await panelOf(tab)).getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 15_000 });
    // The full load: the worker renders the thread at the content script's token request. Its answer races
    // the file (a busy worker must not delay the load): a few loads, until the worker's answer wins one.
    let panel = await panelOf(tab);
    let loaded = { painted: [] as number[], mounted: null as number | null };
    for (let i = 0; i < 6 && !loaded.painted.length; i++) {
      await tab.goto("about:blank");
      await tab.goto(PAGE.url);
      panel = await panelOf(tab);
      await panel.getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 10_000 });
      loaded = await timings(panel);
    }
    expect(loaded.painted.length, "the worker's thread was painted in one of 6 loads").toBeGreaterThan(0);
    expect(loaded.mounted).not.toBeNull();
    expect(Math.min(...loaded.painted)).toBeLessThan(loaded.mounted!); // before React's panel (the script's own paint)
    expect(await panel.locator("[data-first-paint]").count()).toBe(0); // React's panel took its place

    // The same page loaded again (an extension URL no site may frame, use_dynamic_url): with a nonce nobody
    // registered, and with the one already used. Each navigation reaches the worker as the panel's did.
    const ours = new URL(panel.url());
    const other = new URL(ours);
    other.searchParams.set("channel", crypto.randomUUID());
    for (const src of [other.href, ours.href]) {
      const copy = await ext.context.newPage();
      await copy.goto(src);
      await copy.waitForLoadState("load");
      expect(await copy.locator("[data-first-paint]").count()).toBe(0);
      expect(await copy.evaluate(() => document.body.textContent)).not.toContain("before");
      await copy.close();
    }
    await tab.close();
  });
});
