// The Away switch in the web app's top bar (issue 17), in real Chromium against the real server: the open app
// counts as signed in (its stream is seen), and switching Away is kept by the server, so round robin and
// fewest-open rules pass the rep over until they switch back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, waitFor, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";
import { automationDb } from "../../server/automations/automations.schema";

describe.skipIf(!hasChromium())("the Away switch in the web app", { retry: 1, timeout: 60_000 }, () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    web = await launchWebApp({ viewport: { width: 1280, height: 800 } });
    page = web.page;
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("the open app counts as signed in; Away is saved on the server and switched back", async () => {
    await signInOnWeb(page, server.url, "bob@demo.test");
    const { db } = server.app.ctx.database;
    const bob = await db.selectFrom("user").select("id").where("email", "=", "bob@demo.test").executeTakeFirstOrThrow();
    const row = () => automationDb(db).selectFrom("memberAvailability").selectAll().where("userId", "=", bob.id).executeTakeFirst();
    await waitFor("the app's stream to mark Bob seen", async () => (await row())?.lastSeenAt, 15_000);

    const toggle = page.getByTestId("away-toggle");
    await expect.poll(() => toggle.textContent(), { timeout: 15_000 }).toBe("Available");
    await toggle.click();
    await expect.poll(() => toggle.textContent()).toBe("Away");
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(async () => (await row())?.away).toBe(1);
    await page.locator(".web-top").screenshot({ path: "/tmp/sidetext-away-toggle.png" });

    await page.reload();
    await expect.poll(() => page.getByTestId("away-toggle").textContent(), { timeout: 15_000 }).toBe("Away");
    await page.getByTestId("away-toggle").click();
    await expect.poll(async () => (await row())?.away).toBe(0);
  });
});
