// The rule editor's new actions in real Chromium against the real server: an admin builds a follow-up — tag
// the contact, send a webhook to a registered endpoint (picked by its name), assign to the CRM record's owner
// with a fallback, "Wait 2 hours", then a follow-up text — sees it in words, and a customer's text shows each
// step in the run log (the wait says when the next step is due).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";
import { startReceiver, type Receiver } from "../server/support/webhook-receiver";

const SHOTS = "/tmp/sidetext-rule-actions";

describe.skipIf(!hasChromium())("rule actions in the admin console", () => {
  let server: TestServer;
  let receiver: Receiver;
  let web: WebApp;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    [server, receiver] = await Promise.all([startServer(), startReceiver()]);
    admin = await server.login("admin@demo.test");
    const hook = await server.call("POST", "/v1/webhooks", {
      token: admin,
      json: { url: receiver.url, eventTypes: ["note.created"], description: "Quotes to the ERP" },
    });
    expect(hook.status).toBe(201);
    web = await launchWebApp({ viewport: { width: 1280, height: 1000 } });
    page = web.page;
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Rules" }).click();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
    await receiver?.close();
  });

  const ruleRow = (name: string) => page.getByTestId("admin-rule").filter({ hasText: name });

  // Its own time: its waits (15 s for the run log, 10 s for the webhook) are more than the default 20 s alone.
  it("builds a sequence with tag, webhook, CRM-owner assignment and a wait, and its run log shows each step", { timeout: 60_000 }, async () => {
    await page.getByTestId("new-rule").click();
    const editor = page.getByTestId("rule-editor");
    await editor.getByLabel("Name").fill("Quote follow-up");
    await editor.getByLabel("Trigger").selectOption("keyword");
    await editor.getByLabel("Keyword", { exact: true }).fill("quote");
    await editor.getByLabel("Keyword match").selectOption("contains");
    const actions = editor.getByTestId("rule-action");
    await actions.nth(0).getByLabel("Action", { exact: true }).selectOption("addTag");
    await actions.nth(0).getByLabel("Tag", { exact: true }).fill("Quote");
    await editor.getByRole("button", { name: "Add an action" }).click();
    await actions.nth(1).getByLabel("Action", { exact: true }).selectOption("webhook");
    // The endpoints come from their own request (until then the field says there are none): poll.
    await expect
      .poll(() => actions.nth(1).getByLabel("Webhook endpoint").locator("option").allInnerTexts(), { timeout: 10_000 })
      .toEqual(["Quotes to the ERP"]);
    await editor.getByRole("button", { name: "Add an action" }).click();
    await actions.nth(2).getByLabel("Action", { exact: true }).selectOption("assign");
    await actions.nth(2).getByLabel("Assign to").selectOption("crmOwner");
    await actions.nth(2).getByLabel("If the CRM owner is not known").selectOption("roundRobin");
    await editor.getByTestId("add-wait").click();
    const wait = editor.getByTestId("rule-wait-step");
    await wait.getByLabel("Wait unit").selectOption("hours");
    await wait.getByLabel("Wait for").fill("2");
    // The follow-up that came with the wait: empty text is named before saving.
    await editor.getByRole("button", { name: "Create rule" }).click();
    await expect.poll(() => editor.getByTestId("rule-problems").innerText()).toContain("actions › 4 › body");
    await actions.nth(3).getByLabel("Text to send").fill("Did the quote make sense? Happy to walk you through it.");
    await page.screenshot({ path: `${SHOTS}-editor.png`, fullPage: true });
    await editor.getByRole("button", { name: "Create rule" }).click();
    await ruleRow("Quote follow-up").waitFor();
    expect(await ruleRow("Quote follow-up").innerText()).toContain(
      "When a text contains “quote” · then tag quote, send a webhook, assign to the CRM record's owner, wait 2 h, send a text",
    );
    const saved = (await server.call("GET", "/v1/automations/rules", { token: admin })).body.rules.find((r: { name: string }) => r.name === "Quote follow-up");
    expect(saved.actions.map((a: { type: string }) => a.type)).toEqual(["addTag", "webhook", "assign", "wait", "sendText"]);
    expect(saved.actions[3]).toEqual({ type: "wait", minutes: 120 });
    expect(saved.actions[2]).toEqual({ type: "assign", to: "crmOwner", fallback: "roundRobin" });

    const me = await server.call("GET", "/v1/me", { token: admin });
    const mainLine = me.body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
    await server.call("POST", "/v1/simulator/inbound", {
      token: admin,
      json: { inboxId: mainLine, from: "+13125550888", body: "Can I get a quote for 40 units?" },
    });
    const row = ruleRow("Quote follow-up");
    await row.getByRole("button", { name: "Run log" }).click();
    const log = row.getByTestId("rule-run-log");
    await expect
      .poll(
        async () => {
          if ((await log.getByTestId("rule-run").count()) === 0) {
            await row.getByRole("button", { name: "Run log" }).click();
            await row.getByRole("button", { name: "Run log" }).click();
          }
          return (await log.getByTestId("rule-run").count()) > 0 ? log.getByTestId("rule-run").first().innerText() : "";
        },
        { timeout: 15_000 },
      )
      .toMatch(/waits 2 hours: step 2 at/);
    const text = await log.getByTestId("rule-run").first().innerText();
    expect(text).toContain('tagged "quote"');
    expect(text).toContain(`webhook queued to ${receiver.url}`);
    expect(text).toMatch(/no CRM record owner is known for this contact/);
    await page.screenshot({ path: `${SHOTS}-run-log.png`, fullPage: true });
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    expect(JSON.parse(receiver.received[0].body).type).toBe("automation.webhook");
  });
});
