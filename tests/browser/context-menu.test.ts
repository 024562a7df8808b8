// Numbers the rep gives Sidetext, in real Chromium with the built extension and a real server:
// - "Text <number> with Sidetext" (the context menu's click handler, called in the worker: headless tests
//   can't click Chrome's own menus) on a record page switches the panel to that number's thread, and on a
//   page without a panel opens the popup's thread in a window;
// - on a record with no number, the panel's number field (Enter) and "Pick a number on the page" (a real
//   click on the page's text) open that number's thread.
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";
import { serverWithTexts } from "../support/demo-texts";

const CONTACT = fixturePage("hubspot/contact-one-phone.html", (html) => html.replaceAll("555-0132", "555-0170").replaceAll("5550132", "5550170"));
const COMPANY = fixturePage("hubspot/company-no-phone.html");
const MENU_NUMBER = { e164: "+14155550171", text: "Hello, I texted you about the quote" };
const LINK_NUMBER = { e164: "+14155550172", text: "Is the order ready for pickup?" };
const TYPED_NUMBER = { e164: "+14155550173", text: "This is the front desk" };
const PICKED_NUMBER = { e164: "+14155550174", text: "Accounts payable here" };

describe.skipIf(!hasChromium())("numbers the rep gives: context menu, number field, pick on the page", () => {
  let server: TestServer;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  const shots = process.env.SIDETEXT_SCREENSHOTS;

  beforeAll(async () => {
    ensureBuilt();
    ({ server } = await serverWithTexts([MENU_NUMBER, LINK_NUMBER, TYPED_NUMBER, PICKED_NUMBER].map((n) => ({ from: n.e164, body: n.text }))));
    crm = await startCrmHost([CONTACT, COMPANY]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
  });

  async function openRecord(url: string): Promise<{ tab: Page; panel: Frame }> {
    const tab = await ext.context.newPage();
    await tab.goto(url);
    const panel = await panelOf(tab);
    await panel.locator(".st-panel").waitFor({ timeout: 10_000 });
    return { tab, panel };
  }
  /** The menu clicked in the active tab (the worker may not read tab URLs: no "tabs" permission). */
  const clickMenu = (click: { menuItemId: string; selectionText?: string; linkUrl?: string }) =>
    ext.worker.evaluate(async (click) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      const g = globalThis as unknown as { sidetext: { textNumberFromMenu(c: unknown): Promise<unknown> } };
      return g.sidetext.textNumberFromMenu({ ...click, tabId: tab?.id ?? null });
    }, click);

  it("the context menu on a record page switches the panel to the selected number and its thread", async () => {
    const { tab, panel } = await openRecord(CONTACT.url);
    await panel.getByTestId("phone-switcher").or(panel.getByTestId("thread")).first().waitFor({ timeout: 10_000 });
    const outcome = await clickMenu({ menuItemId: "sidetext-text-selection", selectionText: "call (415) 555-0171 after 5" });
    expect(outcome).toEqual({ opened: "panel", e164: MENU_NUMBER.e164, conversationId: null });
    await panel.getByTestId("message").filter({ hasText: MENU_NUMBER.text }).waitFor({ timeout: 10_000 });
    await expect.poll(() => panel.getByTestId("phone-switcher").inputValue()).toBe(MENU_NUMBER.e164);
    await panel.getByTestId("why-number").click();
    // allInnerTexts does not wait: poll until the list the click opens is there.
    const reasons = async () => {
      const items = await panel.getByTestId("why-number-item").allInnerTexts();
      return [items.find((t) => t.includes("(415) 555-0171")), items.find((t) => t.includes("(415) 555-0170"))];
    };
    await expect.poll(reasons).toEqual([expect.stringContaining("You gave it: the right-click menu."), expect.stringContaining("Found by the HubSpot reader")]);
    if (shots) await tab.screenshot({ path: path.join(shots, "panel-why-number.png") });
    await tab.close();
  });

  it("the context menu on a tel: link where no panel can mount opens the popup's thread for that number", async () => {
    const tab = await ext.context.newPage();
    await tab.goto("https://app.hubspot.com/"); // the CRM's home: Sidetext runs, but no record, so no panel
    const opened = ext.context.waitForEvent("page", { predicate: (p) => p.url().includes("/popup.html#/conversation/") });
    const outcome = await clickMenu({ menuItemId: "sidetext-text-link", linkUrl: "tel:+1-415-555-0172" });
    expect(outcome).toMatchObject({ opened: "popup", e164: LINK_NUMBER.e164, conversationId: expect.any(String) });
    const popup = await opened;
    await popup.getByTestId("message").filter({ hasText: LINK_NUMBER.text }).waitFor({ timeout: 10_000 });
    await popup.close();
    await tab.close();
  });

  it("the context menu on text without a number says so and opens nothing", async () => {
    const outcome = await clickMenu({ menuItemId: "sidetext-text-selection", selectionText: "Order 12" });
    expect(outcome).toEqual({ opened: null, reason: "Sidetext found no phone number in \u201cOrder 12\u201d." });
  });

  it("a record with no number: the panel says so, and a number typed in any format opens its thread on Enter", async () => {
    const { tab, panel } = await openRecord(COMPANY.url);
    await panel.getByTestId("no-number").waitFor({ timeout: 10_000 });
    expect(await panel.getByTestId("no-number").innerText()).toContain("No phone number on this record");
    if (shots) await tab.screenshot({ path: path.join(shots, "panel-no-number.png") });
    const input = panel.getByTestId("number-input");
    await input.fill("415.555");
    await expect.poll(() => panel.locator("#st-number-hint").innerText()).toBe("Not a valid phone number yet");
    await input.fill("415.555.0173");
    await expect.poll(() => panel.locator("#st-number-hint").innerText()).toBe("Opens (415) 555-0173");
    await input.press("Enter");
    await panel.getByTestId("message").filter({ hasText: TYPED_NUMBER.text }).waitFor({ timeout: 10_000 });
    await tab.close();
  });

  it('"Pick a number on the page": a real click on a number in the page opens its thread; Escape cancels', async () => {
    const { tab, panel } = await openRecord(COMPANY.url);
    await panel.getByTestId("no-number").waitFor({ timeout: 10_000 });
    // A number the readers don't take as the record's: in a note of the activity feed.
    await tab.evaluate(() => {
      const note = document.createElement("p");
      note.id = "note";
      note.textContent = "AP contact: 415 555 0174";
      note.style.cssText = "position:fixed;left:40px;top:300px;font-size:20px;background:#fff;z-index:10";
      document.body.append(note);
    });
    await panel.getByTestId("pick-number").click();
    await expect.poll(() => panel.getByTestId("pick-number").innerText()).toBe("Click a number on the page… (Esc cancels)");
    // The panel says so as it asks; the page is armed (crosshair, focus taken for Escape) a round trip later.
    await tab.waitForFunction(() => getComputedStyle(document.documentElement).cursor === "crosshair", undefined, { timeout: 10_000 });
    await tab.keyboard.press("Escape");
    await expect.poll(() => panel.locator("#st-number-hint").innerText()).toBe("Picking cancelled.");

    await panel.getByTestId("pick-number").click();
    await expect.poll(() => panel.getByTestId("pick-number").innerText()).toBe("Click a number on the page… (Esc cancels)");
    await tab.waitForFunction(() => getComputedStyle(document.documentElement).cursor === "crosshair", undefined, { timeout: 10_000 });
    // A page script's click must not pick for the rep.
    await tab.evaluate(() => document.getElementById("note")!.click());
    await tab.waitForTimeout(200);
    expect(await panel.getByTestId("pick-number").innerText()).toBe("Click a number on the page… (Esc cancels)");
    const box = (await tab.locator("#note").boundingBox())!;
    await tab.mouse.click(box.x + box.width - 30, box.y + box.height / 2);
    await panel.getByTestId("message").filter({ hasText: PICKED_NUMBER.text }).waitFor({ timeout: 10_000 });
    await tab.close();
  });
});
