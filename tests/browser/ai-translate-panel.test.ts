// AI translate end to end in the CRM panel (real Chromium, the built extension, a real server whose admin set
// the model endpoint in the console, a fake OpenAI-compatible service checked against OpenAI's spec): a
// customer texts in Spanish, the timeline offers "Translate", and a reply written in English goes out in
// Spanish after the rep reviewed it with its back-translation — exactly the text reviewed.
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts } from "../support/demo-texts";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fakes/openai";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";

// Jane Doe's number becomes Maria Garcia's (seeded, with a thread in the Main line).
const record = fixturePage("hubspot/contact-one-phone.html", (html) => html.replaceAll("415-555-0132", "415-555-0123").replaceAll("4155550132", "4155550123"));

const SPANISH_IN = "Hola, ¿podemos pasar el sábado por la mañana en vez del viernes?";
const ENGLISH_OF_IN = "Hi, can we come on Saturday morning instead of Friday?";
const REPLY = "Yes, Saturday at 10am works for us. See you then!";
const SPANISH_REPLY = "Sí, el sábado a las 10am nos viene bien. ¡Hasta entonces!";
const BACK = "Yes, Saturday at 10am suits us. Until then!";

describe.skipIf(!hasChromium())("AI translate in the CRM panel", () => {
  let server: TestServer;
  let fake: FakeOpenAi;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let panel: Frame;
  let token: string;
  let mainInboxId: string;

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeOpenAi({
      apiKey: "sk-panel-test-key-0001",
      answer: (req) => (req.text === SPANISH_IN ? ENGLISH_OF_IN : req.text === REPLY ? SPANISH_REPLY : req.text === SPANISH_REPLY ? BACK : `?? ${req.text}`),
    });
    ({ server, token, mainInboxId } = await serverWithTexts());
    const admin = await server.login("admin@demo.test");
    const set = await server.call("PATCH", "/v1/admin/ai", {
      token: admin,
      json: { baseUrl: fake.baseUrl, model: "gpt-4o-mini", apiKey: "sk-panel-test-key-0001" },
    });
    expect(set.status).toBe(200);
    crm = await startCrmHost([record]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    tab = await ext.context.newPage();
    // A stuck step fails with its own name well inside the test's minute, not as a bare test timeout.
    tab.setDefaultTimeout(15_000);
    await tab.goto(record.url);
    panel = await panelOf(tab);
    await panel.getByTestId("thread").waitFor({ timeout: 15_000 });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
    await fake?.close();
  });

  it("offers Translate on the customer's Spanish text, and shows the translation with the original kept", { timeout: 60_000 }, async () => {
    const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from: "+14155550123", body: SPANISH_IN } });
    expect(res.status).toBe(201);
    const bubble = panel.getByTestId("message").filter({ hasText: SPANISH_IN });
    await bubble.getByTestId("translate").waitFor({ timeout: 10_000 });
    // English texts of the same thread offer nothing.
    expect(await panel.getByTestId("translate").count()).toBe(1);
    await bubble.getByTestId("translate").click();
    await expect.poll(() => bubble.getByTestId("translation").innerText(), { timeout: 10_000 }).toContain(ENGLISH_OF_IN);
    expect(await bubble.innerText()).toContain(SPANISH_IN);
    await tab.screenshot({ path: "/tmp/sidetext-ai-translate.png" });
    await bubble.getByTestId("show-original").click();
    await expect.poll(() => bubble.getByTestId("translation").count()).toBe(0);
    expect(fake.requests.at(-1)?.text).toBe(SPANISH_IN);
  });

  it("sends a reply written in English in Spanish, after review, exactly as reviewed", { timeout: 60_000 }, async () => {
    const composer = panel.getByTestId("composer");
    await composer.click();
    await composer.fill(REPLY);
    const sendIn = panel.getByTestId("send-in-language");
    await expect.poll(() => sendIn.innerText(), { timeout: 10_000 }).toBe("Send in Spanish");
    await sendIn.click();
    const review = panel.getByTestId("translation-review");
    await expect.poll(() => review.getByTestId("translation-text").innerText(), { timeout: 10_000 }).toBe(SPANISH_REPLY);
    expect(await review.getByTestId("back-translation").innerText()).toBe(BACK);
    await tab.screenshot({ path: "/tmp/sidetext-ai-send-in-language.png" });
    // Nothing went out yet: the rep has only reviewed.
    expect(await panel.getByTestId("message").filter({ hasText: SPANISH_REPLY }).count()).toBe(0);
    await review.getByTestId("send-translation").click();
    const sent = panel.getByTestId("message").filter({ hasText: SPANISH_REPLY });
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 10_000 }).toBe("delivered");
    const { db } = server.app.ctx.database;
    const last = await db.selectFrom("message").select("body").where("direction", "=", "outbound").orderBy("createdAt", "desc").executeTakeFirstOrThrow();
    expect(last.body).toBe(SPANISH_REPLY);
    expect(await panel.getByTestId("message").filter({ hasText: REPLY }).count()).toBe(0);
    expect(await composer.inputValue()).toBe("");
    // What the model saw: the Spanish text to translate, the English draft, its Spanish to translate back. No history.
    expect(fake.requests.map((r) => r.text)).toEqual([SPANISH_IN, REPLY, SPANISH_REPLY]);
    expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain("About 2,000 sq ft");
    expect(fake.problems).toEqual([]);
  });

  it("rewrites a draft: before/after shown, Discard leaves the draft alone, Use this replaces it", { timeout: 60_000 }, async () => {
    fake.answerWith(() => "Thanks for your patience - we will call you back today.");
    const composer = panel.getByTestId("composer");
    await composer.fill("thanks for ur patience we will call u back today");
    await panel.getByTestId("ai-rewrite").click();
    await panel.getByTestId("ai-action-professional").click();
    const result = panel.getByTestId("ai-result");
    await expect
      .poll(() => result.getByTestId("ai-result-text").innerText(), { timeout: 10_000 })
      .toBe("Thanks for your patience - we will call you back today.");
    expect(await result.getByTestId("ai-stats").innerText()).toBe("Before 48 chars · 1 SMS → after 55 chars · 1 SMS");
    await tab.screenshot({ path: "/tmp/sidetext-ai-rewrite.png" });
    await result.getByTestId("ai-discard").click();
    expect(await composer.inputValue()).toBe("thanks for ur patience we will call u back today");
    await panel.getByTestId("ai-rewrite").click();
    await panel.getByTestId("ai-action-professional").click();
    await panel.getByTestId("ai-accept").click();
    await expect.poll(() => composer.inputValue()).toBe("Thanks for your patience - we will call you back today.");
    expect(await panel.getByTestId("message").filter({ hasText: "we will call you back today" }).count()).toBe(0);
  });
});
