// The admin console's Rules in real Chromium against the real server: an owner sees the demo's rules, writes
// a new one — a reserved keyword and an empty text are named as problems before anything is saved — then a
// customer's text fires it and its run log shows what it did; switching it off is kept by the server; an edit
// is tried on the last 30 days (dry run) before it is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const SHOTS = "/tmp/sidetext-rules";

describe.skipIf(!hasChromium())("rules in the admin console", () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    admin = await server.login("admin@demo.test");
    web = await launchWebApp({ viewport: { width: 1280, height: 900 } });
    page = web.page;
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Rules" }).click();
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const ruleRow = (name: string) => page.getByTestId("admin-rule").filter({ hasText: name });

  it("lists the demo's rules by priority, in words, switched off", async () => {
    await ruleRow("Round robin new conversations on Main line").waitFor();
    expect(await page.getByTestId("admin-rule").count()).toBe(3);
    expect(await ruleRow("Appointment reminder").innerText()).toContain("1440 min before appointment.booked's startsAt");
    expect(await ruleRow("After-hours reply").getByTestId("rule-enabled").isChecked()).toBe(false);
  });

  it("names a reserved keyword and an empty text before saving; the fixed rule is created", async () => {
    await page.getByTestId("new-rule").click();
    const editor = page.getByTestId("rule-editor");
    await editor.getByLabel("Name").fill("Price list");
    await editor.getByLabel("Trigger").selectOption("keyword");
    await editor.getByLabel("Keyword", { exact: true }).fill("stop");
    await editor.getByRole("button", { name: "Create rule" }).click();
    const problems = editor.getByTestId("rule-problems");
    await expect.poll(() => problems.innerText()).toContain("reserved for opt-out handling");
    expect(await problems.innerText()).toContain("actions › 0 › body");
    await page.screenshot({ path: `${SHOTS}-editor-problems.png`, fullPage: true });
    await editor.getByLabel("Keyword", { exact: true }).fill("prices");
    await editor.getByLabel("Keyword match").selectOption("contains");
    await editor.getByLabel("Text to send").fill("Our price list: https://example.com/prices");
    await editor.getByRole("button", { name: "Create rule" }).click();
    await ruleRow("Price list").waitFor();
    expect(await ruleRow("Price list").innerText()).toContain("When a text contains “prices” · then send a text");
    const saved = (await server.call("GET", "/v1/automations/rules", { token: admin })).body.rules.find((r: { name: string }) => r.name === "Price list");
    expect(saved).toMatchObject({ enabled: true, trigger: { type: "keyword", keyword: "prices", match: "contains" } });
  });

  it("edits a rule: tries it on the last 30 days of the seeded history, then saves the change", async () => {
    const row = ruleRow("After-hours reply on Main line");
    await row.getByRole("button", { name: "Edit After-hours reply on Main line" }).click();
    const editor = page.getByTestId("rule-editor");
    await editor.getByRole("button", { name: "Try it on the last 30 days" }).click();
    const summary = editor.getByTestId("dry-run-summary");
    await expect.poll(() => summary.innerText(), { timeout: 20_000 }).toMatch(/triggered \d+ times, would have acted \d+ times/);
    await page.screenshot({ path: `${SHOTS}-dry-run.png`, fullPage: true });
    await editor.getByLabel("Priority", { exact: true }).fill("5");
    await editor.getByRole("button", { name: "Save rule" }).click();
    await expect.poll(() => ruleRow("After-hours reply on Main line").innerText()).toContain("#5");
  });

  it("shows in the run log what the rule did for a customer's text; switching it off is kept", async () => {
    const me = await server.call("GET", "/v1/me", { token: admin });
    const mainLine = me.body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
    await server.call("POST", "/v1/simulator/inbound", { token: admin, json: { inboxId: mainLine, from: "+13125550777", body: "What are your prices?" } });
    const row = ruleRow("Price list");
    await row.getByRole("button", { name: "Run log" }).click();
    const log = row.getByTestId("rule-run-log");
    await expect
      .poll(
        async () => {
          await log
            .getByText("Loading")
            .waitFor({ state: "detached" })
            .catch(() => {});
          if ((await log.getByTestId("rule-run").count()) === 0) {
            await row.getByRole("button", { name: "Run log" }).click(); // closed…
            await row.getByRole("button", { name: "Run log" }).click(); // …and opened again: read anew
          }
          return log.getByTestId("rule-run").first().innerText();
        },
        { timeout: 15_000 },
      )
      .toContain("sent the rule's text");
    expect(await log.getByTestId("rule-run").first().getAttribute("data-outcome")).toBe("fired");
    await page.screenshot({ path: `${SHOTS}-run-log.png`, fullPage: true });
    await row.getByTestId("rule-enabled").click();
    await expect.poll(() => row.innerText()).toContain("Off");
    const saved = (await server.call("GET", "/v1/automations/rules", { token: admin })).body.rules.find((r: { name: string }) => r.name === "Price list");
    expect(saved.enabled).toBe(false);
  });
});
