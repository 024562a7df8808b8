// HQ writes a rule pack in the admin console, in real Chromium against the real server (demo seed): the form's
// problems before sending, then a pack pushed to the Airport only; the server has it (with the Airport's copy in
// sync) and the console shows its drift table. Screenshots of the form and the result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-admin-packs";

describe.skipIf(!hasChromium())("writing a rule pack in the admin console", () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    web = await launchWebApp({ viewport: { width: 1280, height: 1000 } });
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("HQ writes a pack, pushes it to one location, and sees it in sync there", { timeout: 120_000 }, async () => {
    const { page } = web;
    await signInOnWeb(page, server.url, "otto@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Rule packs", exact: true }).click();
    await page.getByTestId("new-rule-pack").click();
    const form = page.getByTestId("pack-editor");
    await form.getByRole("button", { name: "Create and push" }).click();
    expect(await form.getByTestId("pack-problems").textContent()).toMatch(/name/);
    await form.getByLabel("Pack name").fill("After-hours basics");
    await form.getByLabel("Rule name").fill("Thank late texters");
    await form.getByLabel(/^Key/).fill("late-thanks");
    await form.getByLabel("Locations may turn it off").check();
    await form.getByRole("button", { name: "Add a condition" }).click();
    // The condition's row, then the action's text.
    await form
      .locator(".adm-inline-form", { has: page.getByRole("button", { name: "Remove condition 1 of rule 1" }) })
      .locator("input:not([type=checkbox])")
      .fill("tonight");
    await form.getByTestId("pack-rule-fields").locator("textarea").last().fill("Thanks! We'll answer first thing in the morning.");
    await form.getByLabel("These locations:").check();
    await form.getByLabel("Airport", { exact: true }).check();
    await page.screenshot({ path: `${SHOTS}/rule-pack-form.png`, fullPage: true });
    await form.getByRole("button", { name: "Create and push" }).click();
    await form.waitFor({ state: "detached" });
    const token = await server.login("otto@demo.test");
    const packs = (await server.call("GET", "/v1/rule-packs", { token })).body.rulePacks as Array<{
      name: string;
      states: Array<{ locationName: string; drift: string }>;
    }>;
    const pack = packs.find((p) => p.name === "After-hours basics")!;
    expect(pack.states.map((s) => [s.locationName, s.drift])).toEqual([["Airport", "in_sync"]]);
    const card = page.getByRole("article", { name: "After-hours basics" });
    await card.waitFor();
    expect(await card.getByTestId("pack-drift-row").locator("td").first().getAttribute("data-drift")).toBe("in_sync");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/rule-pack-pushed.png` });
  });
});
