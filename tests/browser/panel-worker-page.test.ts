// A full page load of a CRM record, in real Chromium: the extension's worker answers the panel frame's own
// navigation with the cached thread in its HTML (src/worker/panel-page.ts), so the thread is painted as the
// page is parsed, before the panel's bundle is even fetched (src/crm/panel-start.ts adds it after that frame).
// Only the frame our content script created gets it: the same page with another nonce, or the same nonce
// again, gets the plain file and no thread.
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { panelOf } from "../support/our-ui";
import { type FullLoad, fullLoadSetup, paintedFromHtml } from "../support/panel-full-load";

const TEXT = "Rendered by the worker <b>before</b> the bundle";

/** When the panel's bundle was added to the page (src/crm/panel-start.ts), ran (its module mark), and React's panel mounted. */
const bundleTimes = (frame: Frame) =>
  frame.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return { added: at("sidetext:panel-start"), ran: at("sidetext:panel-module"), mounted: at("sidetext:panel-mounted") };
  });

describe.skipIf(!hasChromium())("panel: the worker's page on a full load", () => {
  let load: FullLoad;
  beforeAll(async () => {
    load = await fullLoadSetup("0193", TEXT);
  }, 600_000);
  afterAll(async () => {
    await load?.close();
  });

  it("paints the cached thread from the page's HTML before the panel's bundle is added; other frames of the page get none", async () => {
    const tab = await load.openOnce(); // caches the thread, and where the number was read
    // The full load: the worker renders the thread at the content script's token request. Its answer races
    // the file (a busy worker must not delay the load): a few loads, until the worker's answer wins one.
    let panel = await panelOf(tab);
    let painted: number[] = [];
    for (let i = 0; i < 6 && !painted.length; i++) {
      await tab.goto("about:blank");
      await tab.goto(load.page.url);
      panel = await panelOf(tab);
      await panel.getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 10_000 });
      painted = await paintedFromHtml(panel);
    }
    expect(painted.length, "the worker's thread was painted in one of 6 loads").toBeGreaterThan(0);
    const bundle = await bundleTimes(panel);
    expect(bundle.added, JSON.stringify(bundle)).not.toBeNull();
    // The 470 KB bundle is neither fetched nor run before that frame, so its compile and run don't delay it.
    expect(Math.min(...painted)).toBeLessThan(bundle.added!);
    expect(bundle.added!).toBeLessThan(bundle.ran!);
    expect(bundle.mounted).not.toBeNull(); // React's panel came after it all the same
    expect(await panel.locator("[data-first-paint]").count()).toBe(0); // and took its place

    // The same page loaded again (an extension URL no site may frame, use_dynamic_url): with a nonce nobody
    // registered, and with the one already used. Each navigation reaches the worker as the panel's did.
    const ours = new URL(panel.url());
    const other = new URL(ours);
    other.searchParams.set("channel", crypto.randomUUID());
    for (const src of [other.href, ours.href]) {
      const copy = await load.ext.context.newPage();
      await copy.goto(src);
      await copy.waitForLoadState("load");
      expect(await copy.locator("[data-first-paint]").count()).toBe(0);
      expect(await copy.evaluate(() => document.body.textContent)).not.toContain("before");
      await copy.close();
    }
    await tab.close();
  });
});
