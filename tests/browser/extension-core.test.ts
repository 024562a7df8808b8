// The built extension in real Chromium against the real server: sign in through the options page, the
// badge matches the seed, an inbound text raises it within 2 s, sign-out clears the cache.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needsAttention } from "../../src/db/rows";
import type { Conversation } from "../../src/protocol/entities";
import { ensureBuilt, hasChromium, launchExtension, ROOT, type LaunchedExtension } from "../support/browser";
import { startServer, waitFor, type TestServer } from "../support/server";

const SCREENSHOT = path.join(ROOT, "test-results/options-page.png");

describe.skipIf(!hasChromium())("extension core in Chromium", () => {
  let server: TestServer;
  let ext: LaunchedExtension;
  let options: Page;
  let admin: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    admin = await server.login("admin@demo.test");
    ext = await launchExtension();
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  const badgeText = () => ext.worker.evaluate(() => chrome.action.getBadgeText({}));
  /** What the badge should show for alice, from the server's own data. */
  async function expectedBadge(): Promise<number> {
    const token = await server.login("alice@demo.test");
    const boot = (await server.call("GET", "/v1/bootstrap", { token })).body;
    return boot.conversations.filter((c: Conversation) => needsAttention(c, boot.me.id)).length;
  }
  const cachedConversations = () =>
    ext.worker.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open("sidetext");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction("conversations").objectStore("conversations").count();
            count.onsuccess = () => {
              resolve(count.result);
              open.result.close();
            };
          };
        }),
    );

  it("signs in through the options page and shows the live connection", async () => {
    options = await ext.openPage("options.html");
    await options.getByTestId("server-url").fill(server.url);
    await options.getByTestId("email").fill("alice@demo.test");
    await options.getByTestId("password").fill("sidetext-demo");
    await options.getByTestId("sign-in").click();
    await options.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
    await expect(options.getByTestId("signed-in-user").innerText()).resolves.toBe("Alice Chen");
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await options.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("shows on the badge how many conversations need alice's attention", async () => {
    const expected = await expectedBadge();
    expect(expected).toBeGreaterThan(0);
    await waitFor(`badge ${expected}`, async () => (await badgeText()) === String(expected), 5000);
  });

  it("raises the badge within 2 s of a customer texting in", async () => {
    const before = Number(await badgeText());
    // Main line, which alice (signed in here) works: the owner sees every location's inboxes, in name order.
    const inbox = (await server.call("GET", "/v1/me", { token: admin })).body.inboxes.find((i: { name: string }) => i.name === "Main line");
    const sentAt = Date.now();
    const res = await server.call("POST", "/v1/simulator/inbound", {
      token: admin,
      json: { inboxId: inbox.id, from: "+14155550987", body: "Hi, is anyone there?" },
    });
    expect(res.status).toBe(201);
    await waitFor("badge raised", async () => Number(await badgeText()) === before + 1, 2000, 20);
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(before + 1).toBe(await expectedBadge());
  });

  it("signs out: the cache is cleared and the badge hidden", async () => {
    expect(await cachedConversations()).toBeGreaterThan(0);
    await options.getByTestId("sign-out").click();
    await options.locator('[data-testid="connection-state"][data-state="signed_out"]').waitFor();
    await expect(options.getByTestId("connection-state").innerText()).resolves.toMatch(/You signed out/);
    await waitFor("cache cleared", async () => (await cachedConversations()) === 0);
    await waitFor("badge hidden", async () => (await badgeText()) === "");
  });
});
