// The analytics pages in real Chromium against the real server with the demo seed (3 locations, a month of
// history): the franchisor roll-up table lists the locations with trends, flags the Airport desk's bad week,
// sorts, and opens a location's drill-down with its 90-day charts; an Uptown agent sees Uptown only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { sql } from "kysely";
import { startServer, waitFor, type TestServer } from "../support/server";
import { headSeq } from "../server/support/workspace";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const DESKTOP = { width: 1440, height: 900 };
const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-web-analytics";

describe.skipIf(!hasChromium())("analytics in Chromium", () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ seedHistory: true });
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("shows the locations side by side, flags the one that needs attention, and drills down into its 90 days", { timeout: 120_000 }, async () => {
    web = await launchWebApp({ viewport: DESKTOP });
    const { page } = web;
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("analytics-nav").click();
    const table = page.getByTestId("rollup-table");
    await table.waitFor();
    const rows = table.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    expect((await table.locator("tbody tr .an-location").allTextContents()).sort()).toEqual(["Airport", "Downtown", "Uptown"]);
    // Sorted by "needs attention" first: the Airport desk's slow, failing week.
    const airport = rows.first();
    expect(await airport.locator(".an-location").textContent()).toBe("Airport");
    expect(await airport.getAttribute("class")).toContain("an-attention");
    expect(await airport.textContent()).toMatch(/SLA breach/);
    expect(await airport.locator("svg.an-spark").count()).toBe(3);
    expect(await page.getByTestId("metric-first-response").textContent()).toMatch(/First response \(median\)\s*\d+ (s|min)/);
    await page.screenshot({ path: `${SHOTS}/analytics-rollup.png`, fullPage: true });

    // Sorting by location name, ascending, with the header's button (keyboard: Enter).
    // allTextContents does not wait for the re-sort the key press asks for: poll.
    const locationNames = () => table.locator("tbody tr .an-location").allTextContents();
    await table.getByRole("button", { name: "Location" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(locationNames).toEqual(["Airport", "Downtown", "Uptown"]);
    await page.keyboard.press("Enter");
    await expect.poll(locationNames).toEqual(["Uptown", "Downtown", "Airport"]);

    await table.locator("tbody tr", { hasText: "Airport" }).locator("td").nth(2).click();
    await expect.poll(() => page.getByTestId("location-title").textContent()).toBe("Airport");
    const charts = page.getByTestId("location-charts");
    await charts.waitFor();
    await expect.poll(() => charts.locator("canvas").count()).toBe(4); // uPlot draws its canvas in an effect after the render
    expect(await page.getByTestId("agent-table").locator("tbody tr").count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/#\/analytics\/loc_/);
    await page.screenshot({ path: `${SHOTS}/analytics-location.png`, fullPage: true });
    await page.getByTestId("agent-table").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/analytics-location-agents.png` });
    await page.getByTestId("analytics-clock").selectOption("business");
    await page.getByText("← All locations").click();
    await table.waitFor();
  });

  it("puts a live SLA chip on a waiting conversation's row and thread, gone once a person answers", { timeout: 90_000 }, async () => {
    await web?.close();
    web = await launchWebApp({ viewport: DESKTOP });
    const { page } = web;
    await signInOnWeb(page, server.url, "alice@demo.test");
    const token = await server.login("alice@demo.test");
    const inboxes = (await server.call("GET", "/v1/bootstrap", { token })).body.inboxes as Array<{ id: string; name: string }>;
    const mainLine = inboxes.find((i) => i.name === "Main line")!.id;
    const text = await server.call("POST", "/v1/simulator/inbound", {
      token,
      json: { inboxId: mainLine, from: "+12125550177", body: "Are you open on Sunday?" },
    });
    const conversationId = text.body.message.conversationId as string;
    // The analytics consumer first reads the seeded month (~11,000 events) at start: the chip can only be there
    // once it has reached this text. Wait for that on the server, so the page's wait below is the chip's own.
    const { db } = server.app.ctx.database;
    const head = await headSeq(server);
    await waitFor(
      "the analytics consumer caught up with the feed",
      async () => Number((await sql<{ position: number }>`select position from "analyticsCursor" where id = 1`.execute(db)).rows[0]?.position ?? 0) >= head,
      90_000,
      200,
    );
    const row = page.locator(`[data-testid=conversation-row][data-conversation-id="${conversationId}"]`);
    await page.getByRole("tab", { name: /^All/ }).click();
    await expect.poll(() => row.getByTestId("sla-chip").textContent(), { timeout: 30_000 }).toMatch(/^waiting \d+ min · SLA in 1[45] min$/);
    await row.click();
    const header = page.locator(".st-header");
    await expect.poll(() => header.getByTestId("sla-chip").textContent(), { timeout: 20_000 }).toMatch(/· SLA in/);
    await page.screenshot({ path: `${SHOTS}/sla-chip-web.png` });
    await server.call("POST", `/v1/conversations/${conversationId}/messages`, { token, json: { body: "Yes, 10 to 4!", clientId: "sla-chip-answer" } });
    await expect.poll(() => header.getByTestId("sla-chip").count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => row.getByTestId("sla-chip").count(), { timeout: 20_000 }).toBe(0);
  });

  it("shows each tag's numbers and a chart of the tag picked, or says there are none", { timeout: 120_000 }, async () => {
    await web?.close();
    web = await launchWebApp({ viewport: DESKTOP });
    const { page } = web;
    // No contact is tagged in the seed: the section says what to do.
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.goto(`${server.url}/#/analytics`);
    const section = page.getByTestId("tag-analytics");
    await expect.poll(() => section.textContent(), { timeout: 30_000 }).toMatch(/No tagged conversations in this period/);
    // Two contacts tagged, then they text and are answered.
    const token = await server.login("admin@demo.test");
    const mainLine = ((await server.call("GET", "/v1/bootstrap", { token })).body.inboxes as Array<{ id: string; name: string }>).find(
      (i) => i.name === "Main line",
    )!.id;
    for (const [phone, tags] of [
      ["+12125550181", ["vip"]],
      ["+12125550182", ["vip", "wholesale"]],
    ] as const) {
      const first = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainLine, from: phone, body: "Hello" } });
      const { conversationId, contactId } = first.body.message;
      expect((await server.call("PATCH", `/v1/contacts/${contactId}/tags`, { token, json: { add: tags } })).status).toBe(200);
      await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainLine, from: phone, body: "Do you deliver?" } });
      await server.call("POST", `/v1/conversations/${conversationId}/messages`, { token, json: { body: "We do!", clientId: `tag-${phone}` } });
    }
    const { db } = server.app.ctx.database;
    const head = await headSeq(server);
    await waitFor(
      "the analytics consumer caught up",
      async () => Number((await sql<{ position: number }>`select position from "analyticsCursor" where id = 1`.execute(db)).rows[0]?.position ?? 0) >= head,
      90_000,
      200,
    );
    await page.reload();
    const table = page.getByTestId("tag-table");
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-tag")))).toEqual(["vip", "wholesale"]);
    const vip = table.locator('tr[data-tag="vip"] td');
    expect(await vip.nth(2).textContent()).toBe("2"); // texts in after the tags: one from each contact
    expect(await vip.nth(3).textContent()).toMatch(/^\d+ s \/ \d+ s$/);
    const charts = page.getByTestId("tag-charts");
    await expect.poll(() => charts.locator("canvas").count()).toBe(2);
    expect(await charts.textContent()).toContain("tagged “vip”");
    // Keyboard: pick the other tag.
    await table.getByRole("button", { name: "wholesale" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => charts.textContent()).toContain("tagged “wholesale”");
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/analytics-tags.png` });
  });

  it("shows an agent of one location only that location", { timeout: 60_000 }, async () => {
    await web?.close();
    web = await launchWebApp({ viewport: DESKTOP });
    await signInOnWeb(web.page, server.url, "uma@demo.test");
    await web.page.goto(`${server.url}/#/analytics`);
    const table = web.page.getByTestId("rollup-table");
    await table.waitFor();
    expect(await table.locator("tbody tr .an-location").allTextContents()).toEqual(["Uptown"]);
  });
});
