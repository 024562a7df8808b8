// Set-up shared by the full-load panel tests (tests/browser/panel-worker-page.test.ts, panel-first-paint.test.ts):
// a HubSpot contact with one number of its own, a real server with one text from that number, the CRM page at
// its real address, and the built extension signed in. And when the thread's text was painted from the worker's
// HTML (Element Timing, set on it by src/worker/panel-page-html.ts).
import type { Frame, Page } from "playwright-core";
import { ensureBuilt, launchExtension, type LaunchedExtension } from "./browser";
import { type CrmHost, type CrmPage, fixturePage, startCrmHost } from "./crm-host";
import { serverWithTexts, type DemoWithTexts } from "./demo-texts";
import { panelOf } from "./our-ui";

export interface FullLoad {
  ext: LaunchedExtension;
  page: CrmPage;
  /** Opens the record once, so that its thread and where its number was read are cached. */
  openOnce(): Promise<Page>;
  close(): Promise<void>;
}

/** The contact page with `digits` (4, e.g. "0193") for its number 415-555-…, whose one text is `text`. */
export async function fullLoadSetup(digits: string, text: string): Promise<FullLoad> {
  ensureBuilt();
  const page = fixturePage("hubspot/contact-one-phone.html", (html) => html.replaceAll("555-0132", `555-${digits}`).replaceAll("5550132", `555${digits}`));
  const demo: DemoWithTexts = await serverWithTexts([{ from: `+1415555${digits}`, body: text }]);
  const crm: CrmHost = await startCrmHost([page]);
  const ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
  await ext.signIn(demo.server.url);
  return {
    ext,
    page,
    async openOnce() {
      const tab = await ext.context.newPage();
      await tab.goto(page.url);
      await (await panelOf(tab)).getByTestId("message").filter({ hasText: text }).waitFor({ timeout: 15_000 });
      return tab;
    },
    async close() {
      await ext.close();
      await crm.close();
      await demo.server.close();
    },
  };
}

/** renderTime of each of the thread's texts painted from the worker's HTML (none: the file won the race). */
export const paintedFromHtml = (frame: Frame) =>
  frame.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const seen: number[] = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[])
            if (e.identifier === "sidetext-thread") seen.push(e.renderTime);
        }).observe({ type: "element", buffered: true });
        setTimeout(() => resolve(seen), 50);
      }),
  );
