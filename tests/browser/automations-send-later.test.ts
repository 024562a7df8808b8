// Send later and the pre-send check in the CRM panel, in real Chromium against the real server: a rep
// schedules a reply (the recipient's local time shown), sees it as a scheduled bubble, and sees it cancelled
// when the customer replies; the check names the emoji that makes a draft Unicode, offers plain quotes for
// curly ones, and flags a recipient inside quiet hours. Maria Garcia's +1 415 number is in Los Angeles.
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";
import { serverWithTexts } from "../support/demo-texts";

const record = fixturePage("hubspot/contact-one-phone.html", (html) => html.replaceAll("415-555-0132", "415-555-0123").replaceAll("4155550132", "4155550123"));

describe.skipIf(!hasChromium())("send later and the pre-send check in the panel", () => {
  let server: TestServer;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let panel: Frame;
  let token: string;
  let mainInboxId: string;

  beforeAll(async () => {
    ensureBuilt();
    ({ server, token, mainInboxId } = await serverWithTexts());
    crm = await startCrmHost([record]);
    ext = await launchExtension({ viewport: { width: 1280, height: 900 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    tab = await ext.context.newPage();
    await tab.goto(record.url);
    panel = await panelOf(tab);
    await panel.getByTestId("thread").waitFor({ timeout: 15_000 });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
  });

  it("schedules a reply, shows it waiting, and shows it cancelled when the customer replies", async () => {
    const composer = panel.getByTestId("composer");
    await composer.fill("Checking in tomorrow about the quote");
    await panel.getByTestId("send-later").click();
    const form = panel.getByTestId("send-later-form");
    await expect.poll(() => form.getByTestId("recipient-time").innerText()).toContain("America/Los_Angeles");
    await form.getByRole("button", { name: "Schedule" }).click();
    const bubble = panel.getByTestId("scheduled-send").filter({ hasText: "Checking in tomorrow" });
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 10_000 }).toBe("pending");
    expect(await composer.inputValue()).toBe("");
    expect(await bubble.innerText()).toContain("their time");
    await tab.screenshot({ path: "/tmp/sidetext-send-later.png" });

    await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from: "+14155550123", body: "Actually, call me now" } });
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 10_000 }).toBe("cancelled");
    expect(await bubble.innerText()).toContain("cancelled: the customer replied");
    // Nothing went out: the only outbound with that text would be the scheduled one.
    expect(await panel.getByTestId("message").filter({ hasText: "Checking in tomorrow" }).count()).toBe(0);
  });

  it("names the emoji that forces UCS-2, and offers plain quotes for curly ones", async () => {
    const composer = panel.getByTestId("composer");
    await composer.fill("Thanks Maria, see you Saturday 🙂");
    const check = panel.getByTestId("presend-check");
    await expect.poll(() => check.locator('[data-flag="ucs2"]').innerText()).toContain("“🙂” makes this Unicode (UCS-2): 1 SMS");
    await composer.fill(`It’s booked for “Saturday” ${"at ten in the morning, ".repeat(3)}`);
    await expect.poll(() => check.locator('[data-flag="ucs2"]').innerText()).toContain("2 SMS instead of 1");
    await check.getByRole("button", { name: "Use plain characters" }).click();
    await expect.poll(() => composer.inputValue()).toBe(`It's booked for "Saturday" ${"at ten in the morning, ".repeat(3)}`);
    await expect.poll(() => check.count()).toBe(0);
  });

  it("flags a recipient inside quiet hours with their local time", async () => {
    const admin = await server.login("admin@demo.test");
    const laHour = Number(new Date().toLocaleString("en-US", { timeZone: "America/Los_Angeles", hour: "2-digit", hourCycle: "h23" }));
    const window = laHour < 12 ? { from: "12:00", to: "23:59" } : { from: "00:00", to: "11:59" };
    const set = await server.call("PUT", "/v1/quiet-hours", { token: admin, json: { enabled: true, ...window } });
    expect(set.status).toBe(200);
    await tab.reload(); // the check reads the recipient when the thread opens (and each minute)
    panel = await panelOf(tab);
    await panel.getByTestId("thread").waitFor({ timeout: 15_000 });
    await panel.getByTestId("composer").fill("Are you around?");
    const flag = panel.getByTestId("presend-check").locator('[data-flag="quietHours"]');
    await expect.poll(() => flag.innerText(), { timeout: 10_000 }).toContain("for the recipient (America/Los_Angeles)");
    expect(await flag.innerText()).toContain(`outside the ${window.from}–${window.to} texting window`);
    await expect.poll(() => flag.getByTestId("send-when-open").innerText()).toMatch(/Send at .* their time/);
    await tab.screenshot({ path: "/tmp/sidetext-presend-check.png" });
    // Enter asks before it goes (issue 17): send anyway, or when the window opens; Escape keeps the draft.
    await panel.getByTestId("composer").press("Enter");
    const ask = panel.getByTestId("quiet-hours-confirm");
    await expect.poll(() => ask.innerText(), { timeout: 5000 }).toMatch(/^It's \d\d:\d\d for Maria \(America\/Los_Angeles\)/);
    await expect.poll(() => ask.getByTestId("quiet-send-later").innerText()).toMatch(/Send when it opens \(.* their time\)/);
    await tab.screenshot({ path: "/tmp/sidetext-quiet-confirm.png" });
    await panel.getByTestId("quiet-send-later").press("Escape");
    await expect.poll(() => ask.count()).toBe(0);
    expect(await panel.getByTestId("composer").inputValue()).toBe("Are you around?");
  });
});
