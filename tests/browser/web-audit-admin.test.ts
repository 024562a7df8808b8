// Administrative changes in the admin console's audit view, in real Chromium against the real server: an
// inbox renamed with new carrier credentials reads as "changed an inbox's settings" with "name: old → new"
// and "credentials: replaced" (never the values), and the "Inboxes and members" filter keeps it.
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const SHOTS = process.env.SIDETEXT_SHOTS ?? os.tmpdir();
const authToken = "6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e";

describe.skipIf(!hasChromium())("administrative changes in the audit view", () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    const otto = await server.login("otto@demo.test");
    const credentials = { accountSid: `AC${"3c5e7a9b1d2f4068".repeat(2)}`, authToken };
    const made = await server.call("POST", "/v1/inboxes", {
      token: otto,
      json: { name: "Main desk", phoneNumber: "+14155550177", carrier: "twilio", credentials },
    });
    expect(made.status).toBe(201);
    const res = await server.call("PATCH", `/v1/inboxes/${made.body.inbox.id}`, { token: otto, json: { name: "Front desk", credentials } });
    expect(res.status).toBe(200);
    web = await launchWebApp({ viewport: { width: 1280, height: 900 } });
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

  it("reads as a sentence with each field old → new, and the secret only as 'replaced'", async () => {
    await page.getByTestId("audit-filters").getByLabel("What", { exact: true }).selectOption({ label: "Inboxes and members" });
    const row = page.getByTestId("audit-row").filter({ hasText: "changed an inbox's settings" }).first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain("Otto");
    expect(text).toContain("Inbox “Front desk”");
    const lines = await row.getByTestId("audit-changes").locator("li").allInnerTexts();
    expect(lines).toEqual(["name: “Main desk” → “Front desk”", "credentials: replaced"]);
    expect(await page.content()).not.toContain(authToken);
    await page.screenshot({ path: path.join(SHOTS, "audit-admin-change.png"), fullPage: true });
  });
});
