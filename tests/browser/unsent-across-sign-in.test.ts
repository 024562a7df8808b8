// Item 13 of the hardening issue in real Chromium against the real server: a text alice writes while the
// server is down waits in the outbox; the server comes back with her session revoked, so the worker's next
// try meets a 401 and signs her out, keeping the text; the options page says it waits; bob signing in on
// the same profile neither sees nor sends it; alice signing in again sends it, once.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { startServer, waitFor, type TestServer } from "../support/server";

const BODY = "Your replacement part ships Monday";

describe.skipIf(!hasChromium())("unsent texts across sign-in in Chromium", () => {
  let server: TestServer;
  let ext: LaunchedExtension;
  let popup: Page;
  let conversationId: string;
  let aliceToken: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    aliceToken = await server.login("alice@demo.test");
    conversationId = (await server.call("GET", "/v1/lookup?phone=%2B14155550123", { token: aliceToken })).body.conversations[0].id;
    ext = await launchExtension();
    popup = await ext.openPage("popup.html");
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  const command = (cmd: unknown) => popup.evaluate((c) => chrome.runtime.sendMessage(c), cmd) as Promise<{ ok: boolean; data?: any; error?: any }>;
  const signIn = (email: string) => ext.signIn(server.url, email); // throws unless signed in
  /** Outbound messages with BODY on the server, as alice sees the thread. */
  async function sentOnServer(): Promise<number> {
    const res = await server.call("GET", `/v1/conversations/${conversationId}/messages?limit=100`, { token: aliceToken });
    return res.body.messages.filter((m: { body: string; direction: string }) => m.direction === "outbound" && m.body === BODY).length;
  }
  const extensionToken = () =>
    ext.worker.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open("sidetext");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction("meta").objectStore("meta").get("session");
            get.onsuccess = () => {
              resolve(get.result.value.token);
              open.result.close();
            };
          };
        }),
    );
  const outboxOf = async (): Promise<unknown[]> => {
    const snapshot = (await popup.evaluate(
      (id) =>
        new Promise((resolve) => {
          const port = chrome.runtime.connect({ name: "sidetext" });
          port.onMessage.addListener((frame) => {
            resolve(frame);
            port.disconnect();
          });
          port.postMessage({ type: "subscribe", id: "t", topic: { type: "thread", conversationId: id } });
        }),
      conversationId,
    )) as { data: { outbox: unknown[] } };
    return snapshot.data.outbox;
  };

  it("keeps a text written while the server was down through the 401 that signs alice out; options says it waits", async () => {
    await signIn("alice@demo.test");
    const token = await extensionToken();
    const port = Number(new URL(server.url).port);
    await server.close(); // the server is down
    expect(await command({ type: "conversation.send", conversationId, body: BODY })).toMatchObject({ ok: true });
    await waitFor("a failed try", async () => ((await outboxOf())[0] as { attempts?: number } | undefined)?.attempts === 1, 10_000);
    // Back up (same database, same address), with alice's extension session revoked meanwhile.
    server = await startServer({ port }, server.dbFile);
    expect((await server.call("POST", "/v1/auth/logout", { token })).status).toBeLessThan(300);
    const options = await ext.openPage("options.html");
    await options.locator('[data-testid="connection-state"][data-state="signed_out"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => options.getByTestId("waiting-to-send").innerText())
      .toBe(`1 text waits to be sent after you sign in as alice@demo.test (${server.url}).`);
    await options.screenshot({ path: "/tmp/sidetext-options-waiting.png", fullPage: true });
    await options.close();
    expect(await sentOnServer()).toBe(0);
  }, 90_000);

  it("bob signing in on the same profile neither sees nor sends it", async () => {
    await signIn("bob@demo.test");
    await new Promise((r) => setTimeout(r, 1500)); // bootstrap, then any flush
    expect(await outboxOf()).toEqual([]);
    expect(await sentOnServer()).toBe(0);
    expect(await command({ type: "auth.signOut" })).toMatchObject({ ok: true });
  });

  it("alice signing in again sends it exactly once", async () => {
    await signIn("alice@demo.test");
    await waitFor("sent", async () => (await sentOnServer()) === 1, 10_000);
    await waitFor("outbox empty", async () => (await outboxOf()).length === 0, 5_000);
    // Signing out and in again does not send it a second time.
    await command({ type: "auth.signOut" });
    await signIn("alice@demo.test");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sentOnServer()).toBe(1);
  });
});
