// The web app as an installed app: install criteria (manifest, icons, service worker), then with the server
// stopped the shell still opens from the service worker's cache and the inbox from IndexedDB, a reply is
// queued, and it goes out exactly once when the server is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** The build may wait behind another build on its lock, and Chromium starts slowly on a busy machine. */
const BUILD_AND_START_MS = 300_000;

describe.skipIf(!hasChromium())("web app installed and offline", { timeout: 60_000 }, () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;
  let port: number;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    port = Number(new URL(server.url).port);
    web = await launchWebApp();
    page = web.page;
  }, BUILD_AND_START_MS);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("meets the install criteria: a manifest with 192/512/maskable icons and an active service worker", async () => {
    await signInOnWeb(page, server.url);
    const href = await page.locator("link[rel=manifest]").getAttribute("href");
    const manifest = await (await fetch(new URL(href!, server.url))).json();
    expect(manifest).toMatchObject({ name: "Sidetext", start_url: "/", display: "standalone" });
    const sizes: string[] = [];
    for (const icon of manifest.icons as Array<{ src: string; sizes: string; purpose: string }>) {
      const res = await fetch(new URL(icon.src, server.url));
      expect(res.headers.get("content-type")).toBe("image/png");
      const { width, height } = pngSize(Buffer.from(await res.arrayBuffer()));
      expect(`${width}x${height}`).toBe(icon.sizes);
      sizes.push(`${icon.sizes} ${icon.purpose}`);
    }
    expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // the first load registers it; from the second one it controls the page
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`);
    const cdp = await page.context().newCDPSession(page);
    const { errors } = await cdp.send("Page.getAppManifest");
    expect(errors).toEqual([]);
    // Chromium's own install check (an on-disk profile: an incognito one can install nothing).
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  });

  it("opens offline with the server stopped: the shell from the service worker, the inbox from the cache", async () => {
    await page.getByTestId("conversation-row").first().waitFor();
    await server.close();
    await page.reload();
    await page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).waitFor();
    await expect.poll(() => page.getByTestId("status-banner").getAttribute("data-state"), { timeout: 10_000 }).toBe("offline");
    await page.screenshot({ path: "/tmp/sidetext-web-offline.png" });
  });

  it("queues a reply while offline and sends it once when the server is back", async () => {
    await page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).click();
    await page.getByTestId("composer").fill("Sent from a dead zone");
    await page.getByTestId("send").click();
    const sent = page.getByTestId("message").filter({ hasText: "Sent from a dead zone" });
    await expect.poll(() => sent.getAttribute("data-status")).toBe("queued");
    server = await startServer({ port }, server.dbFile);
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 45_000 }).toBe("delivered");
    const token = await server.login("alice@demo.test");
    const id = decodeURIComponent(page.url().split("#/c/")[1]);
    const { messages } = (await server.call("GET", `/v1/conversations/${id}/messages?limit=100`, { token })).body as { messages: Array<{ body: string }> };
    expect(messages.filter((m) => m.body === "Sent from a dead zone")).toHaveLength(1);
  }, 90_000);
});
