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
    // The saved settings show first; the form takes them (and empties the key box) in an effect after that render.
    await expect.poll(() => form.getByLabel("API key").inputValue()).toBe("");
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

  it("tests the connection, and sets a location's own brand voice that its conversations follow", { timeout: 60_000 }, async () => {
    const form = page.getByTestId("ai-form");
    fake.answerWith(() => "OK");
    await form.getByTestId("ai-test-connection").click();
    await expect.poll(() => form.getByTestId("ai-test-result").innerText()).toMatch(/^Connected in \d+ ms\. gpt-4o-mini answered: OK$/);

    const downtown = page.getByTestId("ai-voice-loc_main");
    await downtown.getByLabel("Downtown").fill("Downtown: upbeat, first names.");
    await downtown.getByRole("button", { name: "Save voice" }).click();
    await expect.poll(() => downtown.innerText()).toContain("Saved.");
    // Checked once the server has it (the box shows the saved state).
    await downtown.getByTestId("ai-voice-location-may-edit").click();
    await expect.poll(() => downtown.getByTestId("ai-voice-location-may-edit").isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId("ai-location-voices").innerText()).toContain(`follows the workspace's ("Warm and brief, first names.")`);
    await page.getByTestId("ai-location-voices").screenshot({ path: "/tmp/sidetext-ai-location-voices.png" });

    const lars = await server.login("lars@demo.test");
    const voices = await server.call("GET", "/v1/admin/ai/brand-voices", { token: lars });
    expect(voices.body.locations).toEqual([expect.objectContaining({ locationName: "Downtown", brandVoice: "Downtown: upbeat, first names.", canEdit: true })]);
    const alice = await server.login("alice@demo.test");
    const mainLine = await server.app.ctx.database.db
      .selectFrom("conversation")
      .innerJoin("inbox", "inbox.id", "conversation.inboxId")
      .select("conversation.id")
      .where("inbox.name", "=", "Main line")
      .executeTakeFirstOrThrow();
    fake.answerWith((req) => req.text);
    const res = await server.call("POST", "/v1/ai/rewrite", { token: alice, json: { draft: "see u at 5", action: "brand", conversationId: mainLine.id } });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)?.instruction).toContain("Downtown: upbeat, first names.");
    expect(fake.problems).toEqual([]);
  });
});
