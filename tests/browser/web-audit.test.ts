// The audit trail in the admin console, in real Chromium against the real server: the owner sees who did what,
// filters by person, exports the trail (progress, then the manifest) and the CSV downloaded through its link
// hashes to the SHA-256 the page shows; the export is then on the trail itself; the retention setting saves.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const SHOTS = process.env.SIDETEXT_SHOTS ?? os.tmpdir();

describe.skipIf(!hasChromium())("the audit trail in the admin console", () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-web-audit-"));
    ensureWebBuilt();
    server = await startServer();
    // Something recent by someone else: Lars (Downtown's location admin) notes on a Main line conversation.
    const lars = await server.login("lars@demo.test");
    const { db } = server.app.ctx.database;
    const main = await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow();
    const conversation = await db.selectFrom("conversation").select("id").where("inboxId", "=", main.id).orderBy("id").executeTakeFirstOrThrow();
    expect(
      (await server.call("POST", `/v1/conversations/${conversation.id}/notes`, { token: lars, json: { body: "<i>Called back</i>, all good" } })).status,
    ).toBe(201);
    web = await launchWebApp({ viewport: { width: 1280, height: 1000 } });
    page = web.page;
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("region", { name: "Admin console" }).waitFor();
    await page.getByTestId("admin-section-audit").click();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("shows who did what and filters by person", async () => {
    const rows = page.getByTestId("audit-row");
    await rows.first().waitFor();
    const first = await rows.first().innerText();
    expect(first).toContain("Lars");
    expect(first).toContain("wrote a note");
    expect(first).toContain("<i>Called back</i>, all good");
    expect(await rows.first().locator("i").count()).toBe(0);
    const filters = page.getByTestId("audit-filters");
    const lars = await filters.getByLabel("Who", { exact: true }).locator("option", { hasText: "Lars" }).getAttribute("value");
    await filters.getByLabel("Who", { exact: true }).selectOption(lars!);
    // One poll over both: while the filtered page loads there are no rows, and "every row is Lars's" holds for none.
    await expect
      .poll(
        async () => {
          const shown = await rows.allInnerTexts();
          return { rows: shown.length, allLars: shown.every((t) => t.includes("Lars")) };
        },
        { timeout: 10_000 },
      )
      .toEqual({ rows: 1, allLars: true });
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(SHOTS, "audit-trail.png"), fullPage: true });
  });

  it("exports with progress and a manifest whose SHA-256 matches the downloaded CSV, and the export joins the trail", async () => {
    await page.getByTestId("audit-export").click();
    const manifest = page.getByTestId("audit-manifest");
    await manifest.waitFor({ timeout: 20_000 });
    expect(await manifest.innerText()).toMatch(/\d+ rows exported/);
    const shown = (await page.getByTestId("audit-sha-csv").innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent("download"), manifest.getByRole("link", { name: "audit.csv" }).click()]);
    const file = await download.path();
    expect(createHash("sha256").update(fs.readFileSync(file)).digest("hex")).toBe(shown);
    await page.screenshot({ path: path.join(SHOTS, "audit-export.png"), fullPage: true });
    await page.getByTestId("audit-filters").getByLabel("What", { exact: true }).selectOption({ label: "Audit exports" });
    const rows = page.getByTestId("audit-row");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("exported the audit trail");
  });

  it("saves the retention setting", async () => {
    const form = page.getByTestId("audit-retention");
    await form.getByLabel(/Remove message texts after a number of days/).check();
    await form.getByLabel("Days to keep").fill("90");
    await form.getByRole("button", { name: "Save retention" }).click();
    await form.getByText(/Saved\./).waitFor();
    expect((await server.call("GET", "/v1/audit/retention", { token: await server.login("admin@demo.test") })).body.retention).toMatchObject({
      mode: "redact",
      days: 90,
    });
  });
});
