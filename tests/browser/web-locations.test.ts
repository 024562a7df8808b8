// Issue 18 in real Chromium against the real server (demo seed: Downtown, Uptown, the Airport): Carl works at
// Uptown and the Airport, so the web app's top bar has the location switcher; choosing Uptown shows only
// Uptown's conversations. "Transfer…" on a thread offers the other locations' inboxes and warns that replies
// will come from another number; the transfer moves it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-locations";

describe.skipIf(!hasChromium())("locations in the web app", () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("switches location and transfers a conversation with the new-number warning", { timeout: 120_000 }, async () => {
    web = await launchWebApp({ viewport: { width: 1280, height: 800 } });
    const { page } = web;
    await signInOnWeb(page, server.url, "carl@demo.test");
    const switcher = page.getByTestId("location-switcher");
    await switcher.waitFor();
    expect(await switcher.locator("option").allTextContents()).toEqual(["All locations", "Airport", "Uptown"]);
    await page.getByTestId("view-all").click();
    await switcher.selectOption({ label: "Uptown" });
    const rows = page.getByTestId("conversation-row");
    // All locations lists Tom Becker too: one poll over both conditions, or the list of All could pass the first.
    await expect
      .poll(
        async () => {
          const shown = await rows.allTextContents();
          return { tom: shown.some((x) => x.includes("Tom Becker")), others: shown.some((x) => x.includes("Leah Moreno") || x.includes("Sam Ito")) };
        },
        { timeout: 10_000 },
      )
      .toEqual({ tom: true, others: false });
    await page.screenshot({ path: `${SHOTS}/location-switcher.png` });

    await rows.filter({ hasText: "Tom Becker" }).first().click();
    await page.getByTestId("transfer-open").click();
    const target = page.getByTestId("transfer-target");
    await target.waitFor();
    expect(await target.locator("option").allTextContents()).toEqual([
      "Choose an inbox…",
      "Airport · Airport desk",
      "Downtown · Main line",
      "Downtown · Support line",
    ]);
    await target.selectOption({ label: "Downtown · Main line" });
    expect(await page.getByTestId("transfer-warning").textContent()).toMatch(
      /^Replies will come from .+ \(Main line\), not .+: the customer sees a new number\.$/,
    );
    await page.screenshot({ path: `${SHOTS}/transfer-warning.png` });
    await page.getByTestId("transfer-confirm").click();
    await page.getByTestId("transfer-dialog").waitFor({ state: "detached" });
    const { db } = server.app.ctx.database;
    const main = await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow();
    const moved = await db
      .selectFrom("conversation")
      .innerJoin("contact", "contact.id", "conversation.contactId")
      .select("conversation.inboxId")
      .where("contact.name", "=", "Tom Becker")
      .executeTakeFirstOrThrow();
    expect(moved.inboxId).toBe(main.id);
    // Carl does not work Downtown: Tom's conversation leaves his list.
    await expect.poll(() => rows.allTextContents().then((t) => t.some((x) => x.includes("Tom Becker"))), { timeout: 15_000 }).toBe(false);
  });
});
