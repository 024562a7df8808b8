// The admin console's AI section in real Chromium (the web app served by a real server): off until an owner
// sets an endpoint; the key typed is kept on the server and never shown again; the reps' status turns on.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fakes/openai";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const KEY = "sk-admin-console-key-7788";

describe.skipIf(!hasChromium())("AI settings in the admin console", () => {
  let server: TestServer;
  let fake: FakeOpenAi;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    fake = await startFakeOpenAi({ apiKey: KEY });
    server = await startServer();
    web = await launchWebApp({ viewport: { width: 1280, height: 800 } });
    page = web.page;
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
    await fake?.close();
  });

  it("sets the endpoint, model and key; the key is never shown; reps see AI on", { timeout: 60_000 }, async () => {
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByTestId("admin-section-ai").click();
    const form = page.getByTestId("ai-form");
    await expect.poll(() => form.getByTestId("ai-source").innerText()).toContain("Off: no endpoint is set");
    await form.getByLabel("Endpoint (base URL)").fill(fake.baseUrl);
    await form.getByLabel("Model").fill("gpt-4o-mini");
    await form.getByLabel("API key").fill(KEY);
    await form.getByLabel("Brand voice").fill("Warm and brief, first names.");
    await form.getByRole("button", { name: "Save AI settings" }).click();
    await expect.poll(() => form.getByTestId("ai-source").innerText()).toContain("On: the endpoint set here.");
    expect(await form.getByLabel("API key").inputValue()).toBe("");
    expect(await page.content()).not.toContain(KEY);
    await page.screenshot({ path: "/tmp/sidetext-ai-admin.png", fullPage: true });

    const alice = await server.login("alice@demo.test");
    const status = await server.call("GET", "/v1/ai/status", { token: alice });
    expect(status.body).toMatchObject({ enabled: true, actions: ["fix", "shorten", "friendlier", "professional", "simplify", "brand"] });
    const rewrite = await server.call("POST", "/v1/ai/rewrite", { token: alice, json: { draft: "see u at 5", action: "fix" } });
    expect(rewrite.status).toBe(200);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.problems).toEqual([]);
  });
});
