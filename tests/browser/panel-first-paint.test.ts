// A full page load of a CRM record, in real Chromium: the framed panel paints the cached thread from the
// worker's snapshot before React's first (cold) render of the panel (src/crm/panel-first-paint.ts), or has it
// in its HTML from the worker (src/worker/panel-page.ts), and React's panel then takes its place: one panel on
// screen, the full one, with the same messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { panelOf } from "../support/our-ui";
import { type FullLoad, fullLoadSetup, paintedFromHtml } from "../support/panel-full-load";

const TEXT = "Hello before the page loaded";

describe.skipIf(!hasChromium())("panel: first paint on a full page load", () => {
  let load: FullLoad;
  beforeAll(async () => {
    load = await fullLoadSetup("0191", TEXT);
  }, 600_000);
  afterAll(async () => {
    await load?.close();
  });

  it("paints the cached thread before React's panel mounts, then shows only React's", async () => {
    const tab = await load.openOnce(); // caches the thread in the worker
    await tab.goto("about:blank");
    await tab.goto(load.page.url); // the full load measured: the thread is cached now
    const panel = await panelOf(tab);
    await panel.getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 10_000 });
    const marks = await panel.evaluate(() =>
      (performance.getEntriesByType("mark") as PerformanceMark[]).map((m) => ({ name: m.name, at: m.startTime, detail: String(m.detail) })),
    );
    // The first paint: from the worker's answer to the frame's navigation (its HTML, src/worker/panel-page.ts;
    // tests/browser/panel-worker-page.test.ts), or, when the file won the race, painted from the snapshot.
    const fromHtml = await paintedFromHtml(panel);
    const first = marks.find((m) => m.name === "sidetext:thread-painted" && m.detail.startsWith("first-paint:"));
    const mounted = marks.find((m) => m.name === "sidetext:panel-mounted");
    expect(fromHtml.length > 0 || first !== undefined, JSON.stringify(marks)).toBe(true);
    expect(fromHtml.length ? Math.min(...fromHtml) : first!.at).toBeLessThan(mounted!.at);
    // Painted from the snapshot: the cover lifted on that frame (the panel said it showed the record then).
    if (first) expect(marks.some((m) => m.name === "sidetext:record-shown" && m.at >= first.at && m.at < mounted!.at)).toBe(true);
    // React's panel replaced it: no first paint left, one heading, the composer there.
    expect(await panel.locator("[data-first-paint]").count()).toBe(0);
    expect(await panel.getByRole("heading", { level: 1 }).count()).toBe(1);
    await tab.close();
  });
});
