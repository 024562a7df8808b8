// Push in real Chromium: the app's own service worker (web/sw.ts → web/push/sw-push.ts) gets a push through
// CDP (ServiceWorker.deliverPushMessage, as a push service would deliver it) and shows a notification per
// conversation with Reply and Assign to me; its click (dispatched in the worker: headless Chromium has no
// notification to click) opens the thread in the app's window, and "Assign to me" assigns through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CDPSession, Page, Worker } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";
import { textIn } from "../server/support/demo";
import { workspace, type Workspace } from "../server/support/workspace";

/** Waits for `check` (expect.poll is for tests, not hooks). */
async function until(check: () => Promise<boolean> | boolean, ms = 15_000) {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`timed out: ${check}`);
  }
}

describe.skipIf(!hasChromium())("web push in Chromium", { retry: 1 }, () => {
  let server: TestServer;
  let w: Workspace;
  let web: WebApp;
  let page: Page;
  let cdp: CDPSession;
  let registrationId = "";
  let sw: Worker;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    w = await workspace(server);
    web = await launchWebApp({ viewport: PHONE, isMobile: true });
    page = web.page;
    await web.context.grantPermissions(["notifications"], { origin: server.url });
    cdp = await web.context.newCDPSession(page);
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: Array<{ registrationId: string; scopeURL: string }> }) => {
      const mine = e.registrations.find((r) => r.scopeURL.startsWith(server.url));
      if (mine) registrationId = mine.registrationId;
    });
    await cdp.send("ServiceWorker.enable");
    await signInOnWeb(page, server.url, "alice@demo.test");
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await until(async () => registrationId !== "");
    sw = web.context.serviceWorkers()[0] ?? (await web.context.waitForEvent("serviceworker"));
    // Controlled by the worker, so that it can navigate this window.
    await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null));
  }, 180_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const notifications = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const shown = await registration.getNotifications();
      return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data, actions: (n as unknown as { actions: unknown }).actions }));
    });

  /** What the server would push to alice for a fresh inbound text (the payload shape of push-fanout.ts). */
  async function payloadFor(body: string) {
    const message = await textIn(server, w.token.admin, w.mainLine, "+14155550181", body);
    return {
      type: "message",
      conversationId: message.conversationId,
      messageId: message.id,
      userId: w.userId.alice,
      title: "(415) 555-0181",
      body,
      url: `/#/c/${encodeURIComponent(message.conversationId)}`,
      actions: [
        { action: "reply", title: "Reply" },
        { action: "assign", title: "Assign to me" },
      ],
      sentAt: new Date().toISOString(),
    };
  }

  /** notificationclick as a tap on the notification (no action) or on one of its buttons. */
  const clickIn = (worker: Worker, tag: string, action: string) =>
    worker.evaluate(
      async ([tag, action]) => {
        // This runs in the service worker (the project's lib is DOM, so its types are spelled out here).
        interface WorkerScope {
          registration: { getNotifications(filter: { tag: string }): Promise<Notification[]> };
          dispatchEvent(event: Event): boolean;
        }
        const scope = self as unknown as WorkerScope;
        const NotificationEventOfWorker = (
          globalThis as unknown as { NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event }
        ).NotificationEvent;
        const [notification] = await scope.registration.getNotifications({ tag });
        const event = new NotificationEventOfWorker("notificationclick", { notification, action });
        const done: Promise<unknown>[] = [];
        (event as unknown as { waitUntil(p: Promise<unknown>): void }).waitUntil = (p) => void done.push(p);
        scope.dispatchEvent(event);
        await Promise.allSettled(done);
      },
      [tag, action] as const,
    );

  it("shows a pushed text as a notification per conversation, with Reply and Assign to me", async () => {
    const payload = await payloadFor("Is the quote ready?");
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: JSON.stringify(payload) });
    await expect.poll(async () => (await notifications()).length, { timeout: 10_000 }).toBe(1);
    expect((await notifications())[0]).toMatchObject({
      title: "(415) 555-0181",
      body: "Is the quote ready?",
      tag: `conversation:${payload.conversationId}`,
      data: payload,
      actions: [
        { action: "reply", title: "Reply" },
        { action: "assign", title: "Assign to me" },
      ],
    });
    // A second text on the same conversation replaces it.
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: JSON.stringify({ ...payload, body: "Hello?" }) });
    await expect.poll(async () => (await notifications()).map((n) => n.body), { timeout: 10_000 }).toEqual(["Hello?"]);
  });

  it("opens the thread in the app's window when the notification is clicked", async () => {
    const [shown] = await notifications();
    await clickIn(sw, shown.tag, "");
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(`${server.url}/#/c/${encodeURIComponent(shown.data.conversationId)}`);
    expect(await notifications()).toEqual([]);
  });

  it("assigns the conversation to the signed-in user on Assign to me", async () => {
    const payload = await payloadFor("Can someone take this?");
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: JSON.stringify(payload) });
    await expect.poll(async () => (await notifications()).length, { timeout: 10_000 }).toBe(1);
    await clickIn(sw, `conversation:${payload.conversationId}`, "assign");
    await expect
      .poll(async () => (await server.call("GET", `/v1/conversations/${payload.conversationId}`, { token: w.token.admin })).body.conversation.assigneeId, {
        timeout: 10_000,
      })
      .toBe(w.userId.alice);
  });
});
