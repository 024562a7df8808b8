// A cold load of / with a list saved on the device (issue 15: rows on screen ≤ 200 ms): index.html paints the saved
// list as it is parsed, and the app's entry script is asked for only once that frame is on screen (its first
// contentful paint; web/paint-saved-screen.ts), so nothing the app loads or compiles competes with that frame.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

describe.skipIf(!hasChromium())("web app first screen from the saved list", { timeout: 90_000 }, () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    web = await launchWebApp();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("shows the saved rows first and asks for the entry script only after they are on screen", async () => {
    await signInOnWeb(web.page, server.url);
    await web.page.getByTestId("conversation-row").first().waitFor();
    await web.page.waitForFunction(() => localStorage.getItem("sidetext.web.firstScreen"), null, { timeout: 30_000 });
    await web.page.evaluate(() => navigator.serviceWorker.ready);
    for (const p of web.context.pages()) await p.close(); // cold: the hosted worker stops with its last page
    const page = await web.context.newPage();
    await page.goto(`${server.url}/`);
    // The app's own rows replace the saved ones once it has loaded.
    await page.waitForSelector("[data-testid=conversation-row]:not([data-first-screen] *)", { timeout: 60_000 });
    const timing = await page.evaluate(() => ({
      saved: performance.getEntriesByName("sidetext:saved-list")[0]?.startTime,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
      entry: performance.getEntriesByType("resource").find((e) => /\/assets\/index-[\w-]+\.js$/.test(e.name))?.startTime,
    }));
    expect(timing.saved).toBeGreaterThan(0); // the saved list was painted by index.html itself
    expect(timing.fcp).toBeGreaterThanOrEqual(timing.saved!); // and was in that first paint
    expect(timing.entry).toBeGreaterThanOrEqual(timing.fcp!); // the entry came after that paint, not during it
  });
});
