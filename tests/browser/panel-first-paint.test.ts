// A full page load of a CRM record, in real Chromium: the framed panel paints the cached thread from the
// worker's snapshot before React's first (cold) render of the panel (src/crm/panel-first-paint.ts), or has it
// in its HTML from the worker (src/worker/panel-page.ts), and React's panel then takes its place: one panel on screen, the full one, with the same messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts, type DemoWithTexts } from "../support/demo-texts";
import { panelOf } from "../support/our-ui";

const withNumber = (html: string) => html.replaceAll("555-0132", "555-0191").replaceAll("5550132", "5550191");
const PAGE = fixturePage("hubspot/contact-one-phone.html", withNumber);
const TEXT = "Hello before the page loaded";

describe.skipIf(!hasChromium())("panel: first paint on a full page load", () => {
  let demo: DemoWithTexts;
  let crm: CrmHost;
  let ext: LaunchedExtension;

  beforeAll(async () => {
    ensureBuilt();
    demo = await serverWithTexts([{ from: "+14155550191", body: TEXT }]);
    crm = await startCrmHost([PAGE]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(demo.server.url);
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await demo?.server.close();
  });

  it("paints the cached thread before React's panel mounts, then shows only React's", async () => {
    const tab = await ext.context.newPage();
    await tab.goto(PAGE.url); // caches the thread in the worker
    await (await panelOf(tab)).getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 15_000 });
    await tab.goto("about:blank");
    await tab.goto(PAGE.url); // the full load measured: the thread is cached now
    const panel = await panelOf(tab);
    await panel.getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 10_000 });
    const marks = await panel.evaluate(() =>
      (performance.getEntriesByType("mark") as PerformanceMark[]).map((m) => ({ name: m.name, at: m.startTime, detail: String(m.detail) })),
    );
    // The first paint: from the worker's answer to the frame's navigation (its HTML, src/worker/panel-page.ts;
    // tests/browser/panel-worker-page.test.ts), or, when the file won the race, painted from the snapshot.
    const fromHtml = await panel.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const seen: number[] = [];
          new PerformanceObserver((l) => {
            for (const e of l.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[])
              if (e.identifier === "sidetext-thread") seen.push(e.renderTime);
          }).observe({ type: "element", buffered: true });
          setTimeout(() => resolve(seen), 50);
        }),
    );
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
