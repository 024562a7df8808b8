// "Enable Sidetext on <host>" from the popup, in real Chromium: a custom web app (an open-source CRM's
// contact page, hash-routed) where Sidetext does not run; a trusted click on the popup's enable-site button
// registers the generic content script there and runs it in the open tab without a reload, and the panel
// shows the contact's thread. Headless Chromium cannot answer a permission prompt, so the site's host is
// granted up front: the app is served at http://localhost:<port>, which the manifest's host_permissions
// cover (http://localhost/*), and permissions.request then resolves at once without a prompt.
// Then: the site survives a browser restart, options lists it and says what Sidetext sees, Remove unregisters.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";
import { serverWithTexts } from "../support/demo-texts";

const FROM = "+14155550161";
const TEXT = "Hello from the custom CRM contact";
// Shaped like react-admin's demo CRM: an app bar with the product's name, the record's header, labelled fields.
const CONTACT_PAGE = `<!doctype html><html><head><title>Acme CRM</title></head><body>
<header class="app-bar"><h1>Acme CRM</h1><input type="search" placeholder="Search"></header>
<main><div id="app"></div></main>
<script>
  const contacts = { "12": { name: "Maria Garcia", phone: "(415) 555-0161" } };
  function render() {
    const id = (/^#\\/contacts\\/(\\d+)\\/show/.exec(location.hash) || [])[1];
    const c = contacts[id];
    document.getElementById("app").innerHTML = c
      ? '<article class="contact"><h2 class="contact-name"></h2><dl><dt>Phone</dt><dd class="phone"></dd><dt>Company</dt><dd>Garcia Landscaping</dd></dl></article>'
      : "<p>Contacts</p>";
    if (c) { document.querySelector(".contact-name").textContent = c.name; document.querySelector(".phone").textContent = c.phone; }
  }
  addEventListener("hashchange", render); render();
</script></body></html>`;

async function startSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if ((req.url ?? "/").split("?")[0] !== "/app") return void res.writeHead(404).end("not here");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(CONTACT_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const hasPanel = (tab: Page) => tab.frames().some((f) => f.url().includes("/tabs/panel.html"));
const registered = (ext: LaunchedExtension) =>
  ext.worker.evaluate(() =>
    chrome.scripting
      .getRegisteredContentScripts()
      .then((list) => list.map((s) => ({ id: s.id, matches: s.matches, js: s.js, persistAcrossSessions: s.persistAcrossSessions }))),
  );

/** The popup as Chrome shows it: its own window, beside the rep's browser window (which keeps its active tab). */
async function openPopup(ext: LaunchedExtension): Promise<Page> {
  const opened = ext.context.waitForEvent("page", { predicate: (p) => p.url().includes("/popup.html") });
  await ext.worker.evaluate(() => chrome.windows.create({ url: chrome.runtime.getURL("popup.html"), type: "popup", width: 420, height: 640 }));
  const popup = await opened;
  await popup.waitForLoadState();
  return popup;
}

describe.skipIf(!hasChromium())("enabling Sidetext on a custom site from the popup", () => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof startSite>>;
  let ext: LaunchedExtension;
  let profileDir: string;
  let contactUrl: string;
  const shots = process.env.SIDETEXT_SCREENSHOTS;

  beforeAll(async () => {
    ensureBuilt();
    ({ server } = await serverWithTexts([{ from: FROM, body: TEXT }]));
    site = await startSite();
    contactUrl = `${site.origin}/app#/contacts/12/show`;
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-enable-site-"));
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, profileDir });
    await ext.signIn(server.url);
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await server?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  // Its own time: three waits of up to 10 s each, which add up past the default 20 s on a loaded machine.
  it("a trusted click on enable-site registers the site, runs Sidetext in the open tab without a reload, and the panel shows the thread", {
    timeout: 60_000,
  }, async () => {
    const tab = await ext.context.newPage();
    await tab.goto(contactUrl);
    await tab.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    await tab.waitForTimeout(500);
    expect(hasPanel(tab)).toBe(false); // not running here yet
    expect(await registered(ext)).toEqual([]);

    const popup = await openPopup(ext);
    const button = popup.getByTestId("enable-site");
    await button.waitFor({ timeout: 10_000 });
    expect(await button.innerText()).toBe(`Enable Sidetext on ${new URL(site.origin).host}`);
    if (shots) await popup.screenshot({ path: path.join(shots, "popup-enable-site.png") });
    await button.click();
    await popup.getByTestId("enable-site-done").waitFor({ timeout: 10_000 });

    expect(await registered(ext)).toEqual([
      { id: `sidetext-generic:${site.origin}`, matches: [`${site.origin}/*`], js: [expect.stringMatching(/^generic\..*\.js$/)], persistAcrossSessions: true },
    ]);
    const panel = await panelOf(tab);
    await panel.getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 10_000 });
    expect(await tab.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true); // the same document: no reload
    expect(tab.url()).toBe(contactUrl);
    await popup.close();
    await tab.close();
  });

  it("the enabled site survives a browser restart: a fresh visit gets the panel", async () => {
    await ext.context.close();
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, profileDir });
    // Kept by Chrome (persistAcrossSessions), or registered again by the worker on startup.
    await expect.poll(async () => (await registered(ext)).map((s) => s.id), { timeout: 10_000 }).toEqual([`sidetext-generic:${site.origin}`]);
    const tab = await ext.context.newPage();
    await tab.goto(contactUrl);
    await (await panelOf(tab)).getByTestId("message").filter({ hasText: TEXT }).waitFor({ timeout: 15_000 });
  });

  it("options lists the site and says what Sidetext sees on the page; Remove unregisters it", async () => {
    const options = await ext.openPage("options.html");
    const row = options.getByTestId("enabled-site");
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toContain(new URL(site.origin).host);
    // The options tab is active, so "this page" is the tab the rep came from: the contact.
    const reason = options.getByTestId("page-reason");
    await expect.poll(() => reason.getAttribute("data-reason"), { timeout: 10_000 }).toBe("found");
    expect(await reason.innerText()).toBe("Sidetext reads Maria Garcia with one number.");
    if (shots) await options.screenshot({ path: path.join(shots, "options-enabled-sites.png"), fullPage: true });

    await options.getByTestId("remove-site").click();
    await options.getByTestId("no-enabled-sites").waitFor({ timeout: 10_000 });
    expect(await registered(ext)).toEqual([]);
    const fresh = await ext.context.newPage();
    await fresh.goto(contactUrl);
    await fresh.waitForTimeout(800);
    expect(hasPanel(fresh)).toBe(false);
  });
});
