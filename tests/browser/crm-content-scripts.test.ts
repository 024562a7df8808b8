// The built content scripts in real Chromium: CRM fixture pages are served at the CRMs' real addresses (the
// browser context answers those URLs itself), so the manifest's real match patterns decide what runs.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, ROOT, type LaunchedExtension } from "../support/browser";
import { boxesInOurUi, clickInOurUi, panelOf } from "../support/our-ui";

const FIXTURES = path.join(ROOT, "tests/fixtures/crm");
const fixture = (file: string) => fs.readFileSync(path.join(FIXTURES, file), "utf8");
const urlOf = (html: string) => /<meta name="fixture-url" content="([^"]+)"/.exec(html)![1].replaceAll("&amp;", "&");
const bodyOf = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/.exec(html)![1];

describe.skipIf(!hasChromium())("CRM content scripts in Chromium", () => {
  let ext: LaunchedExtension;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    ensureBuilt();
    ext = await launchExtension({ viewport: { width: 1280, height: 800 } });
    for (const file of ["salesforce/contact-one-phone.html", "salesforce/contact-several-phones.html", "hubspot/contact-one-phone.html"]) {
      const html = fixture(file);
      pages.set(urlOf(html), html);
    }
    await ext.context.route(/^https:\/\/(acme--sandbox\.lightning\.force\.com|app\.hubspot\.com)\//, (route) => {
      const html = pages.get(route.request().url()) ?? "<!doctype html><title>CRM</title><body><h1>Home</h1></body>";
      return route.fulfill({ status: 200, contentType: "text/html", body: html });
    });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
  });

  /** Every value the worker keeps in storage.session, as one string: the open record per tab lives there. */
  const sessionText = () => ext.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
  const panelFrame = async (page: Page) => (await panelOf(page, 10_000)).frameElement();
  const toggleBox = async (page: Page) => (await boxesInOurUi(page, "data-sidetext-root", "[data-testid=panel-toggle]"))[0];
  const clickToggle = (page: Page) => clickInOurUi(page, "data-sidetext-root", "[data-testid=panel-toggle]");

  async function open(url: string): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(url);
    await panelFrame(page);
    return page;
  }

  it("mounts the panel beside a Salesforce contact and tells the worker about the record", async () => {
    const page = await open(urlOf(fixture("salesforce/contact-one-phone.html")));
    expect(await (await panelFrame(page)).getAttribute("src")).toMatch(/^chrome-extension:\/\/[^/]+\/tabs\/panel\.html\?/);
    await expect.poll(sessionText, { timeout: 5_000 }).toContain("+14155550132");
    // The header and the details each link the number: one Text button per link.
    await expect.poll(() => page.locator("[data-sidetext-text-button]").count()).toBe(2);
    await page.close();
  });

  it("follows SPA navigation to the next record and never keeps the previous number", async () => {
    const next = fixture("salesforce/contact-several-phones.html");
    const page = await open(urlOf(fixture("salesforce/contact-one-phone.html")));
    await expect.poll(sessionText, { timeout: 5_000 }).toContain("Ms. Jane Doe");
    await page.evaluate(
      ([url, body]) => {
        history.pushState({}, "", url);
        setTimeout(() => {
          const app = document.querySelector(".mainContentMark")!;
          app.replaceWith(new DOMParser().parseFromString(body, "text/html").querySelector(".mainContentMark")!);
        }, 300);
      },
      [urlOf(next), bodyOf(next)] as const,
    );
    await expect.poll(sessionText, { timeout: 5_000 }).toContain("Mr. Marcus Lee");
    expect(await sessionText()).not.toContain("Ms. Jane Doe");
    await page.close();
  });

  it("collapses to the edge handle and stays collapsed after a reload", async () => {
    const page = await open(urlOf(fixture("hubspot/contact-one-phone.html")));
    await clickToggle(page);
    await expect.poll(async () => (await panelFrame(page)).isVisible()).toBe(false);
    const box = (await toggleBox(page))!;
    expect(box.width).toBeLessThanOrEqual(16);
    // Flush with the right edge of the viewport (left of the page's scrollbar, if any), at mid-height.
    const [clientWidth, clientHeight] = await page.evaluate(() => [document.documentElement.clientWidth, document.documentElement.clientHeight]);
    expect(box.x + box.width).toBeCloseTo(clientWidth, 0);
    expect(box.y + box.height / 2).toBeCloseTo(clientHeight / 2, 0);
    await page.reload();
    await panelFrame(page);
    // Still collapsed after the reload: the panel frame stays hidden. It is mounted open and hides once the saved
    // state is read from storage.local, which can take longer than any fixed wait on a busy machine.
    await expect.poll(async () => (await panelFrame(page)).isVisible(), { timeout: 10_000 }).toBe(false);
    await clickToggle(page); // leave it open for the other tests
    await expect.poll(async () => (await panelFrame(page)).isVisible()).toBe(true);
    await page.close();
  });

  it("runs the generic script on a site registered at run time", async () => {
    const file = await ext.worker.evaluate(
      () => chrome.runtime.getManifest().content_scripts!.find((cs) => cs.matches!.includes("https://sidetext.invalid/*"))!.js![0],
    );
    // localhost is already a host permission (the server); the popup asks for other origins first.
    await ext.worker.evaluate(
      (js) => chrome.scripting.registerContentScripts([{ id: "test-generic", matches: ["http://127.0.0.1/*"], js: [js], runAt: "document_idle" }]),
      file,
    );
    await ext.context.route("http://127.0.0.1/customers/42", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: "<!doctype html><title>Customer</title><h1>Jane Doe</h1><p>Mobile: (628) 555-0187</p><p>Order #100234567</p>",
      }),
    );
    const page = await open("http://127.0.0.1/customers/42");
    await expect.poll(sessionText, { timeout: 5_000 }).toContain("+16285550187");
    expect(await sessionText()).not.toContain("100234567");
    await page.close();
  });
});
