// Webhooks and API keys in the admin console, in real Chromium against the real server (simulator on, so a
// local http receiver is allowed): an owner registers an endpoint (the secret shown once verifies what the
// receiver gets), sends a test event and sees it delivered in the log; creates an API key, copies it, and the
// copied key reads the API until the owner revokes it.
import { Webhook } from "standardwebhooks";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, waitFor, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";
import { startReceiver, type Receiver } from "../server/support/webhook-receiver";

const SHOTS = "/tmp/sidetext-web-admin-integrations";

describe.skipIf(!hasChromium())("webhooks and API keys in the admin console", () => {
  let server: TestServer;
  let receiver: Receiver;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    [server, receiver] = await Promise.all([startServer(), startReceiver()]);
    web = await launchWebApp({ viewport: { width: 1280, height: 900 } });
    await web.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = web.page;
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("region", { name: "Admin console" }).waitFor();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
    await receiver?.close();
  });

  it("registers an endpoint, sends a test event signed with the secret shown once, and shows it delivered", async () => {
    await page.getByTestId("admin-section-webhooks").click();
    await page.getByText(/No endpoint yet/).waitFor();
    await page.getByLabel(/Endpoint URL/).fill(receiver.url);
    await page.getByRole("button", { name: "Register endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").locator("code").innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByTestId("webhook-endpoint");
    await row.getByRole("button", { name: "Send a test event" }).click();
    const got = await waitFor("the test delivery", () => receiver.received[0]);
    expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    await row.getByRole("button", { name: "Delivery log" }).click();
    const delivery = row.getByTestId("webhook-delivery").first();
    await expect.poll(() => delivery.getAttribute("data-status"), { timeout: 10_000 }).toBe("delivered");
    expect(await delivery.innerText()).toContain("200");
    await page.screenshot({ path: `${SHOTS}-webhooks.png`, fullPage: true });
  });

  it("creates an API key shown once with Copy, which works until it is revoked", async () => {
    await page.getByTestId("admin-section-apikeys").click();
    await page.getByText(/No API key yet/).waitFor();
    await page.getByLabel(/^Name/).fill("Zapier form");
    await page.getByLabel(/Read conversations/).check();
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByRole("button", { name: "Copy the API key" }).click();
    // The page's clipboard write is a promise of its own that the click does not wait for.
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await expect.poll(clipboard).toMatch(/^stk_[0-9a-f]{16}_/);
    const copied = await clipboard();
    expect(await page.getByTestId("api-key-secret").innerText()).toContain(copied);
    expect((await server.call("GET", "/v1/conversations", { token: copied })).status).toBe(200);
    await page.screenshot({ path: `${SHOTS}-api-keys.png`, fullPage: true });
    const row = page.getByTestId("api-key");
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByText(/No API key yet/).waitFor();
    expect((await server.call("GET", "/v1/conversations", { token: copied })).status).toBe(401);
  });
});
