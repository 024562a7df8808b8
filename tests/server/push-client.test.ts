// The push client end to end, outside a browser: web/push/subscribe.ts turns push on against the real
// server with a browser whose pushManager subscribes at the test push service (web-push-testing); a customer
// texts in; the payload the push service decrypted goes to web/push/sw-push.ts as the service worker gets
// it: a notification per conversation with Reply and Assign to me; "Assign to me" assigns through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { textIn } from "./support/demo";
import { startTestPushService, type TestPushService } from "./push-test-service";
import { fakeBrowser } from "../unit/web/push/fake-push-env";
import { createPushApi } from "../../web/push/push-api";
import { enablePush, pushState } from "../../web/push/subscribe";
import { clickNotification, showPush, type NotificationClickLike, type PushEventLike, type ServiceWorkerLike } from "../../web/push/sw-push";

let s: TestServer;
let w: Workspace;
let push: TestPushService;
beforeAll(async () => {
  [s, push] = await Promise.all([startServer({ pushAllowHttp: true }), startTestPushService()]);
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await push?.close();
});

/** A service worker's registration and clients, recording what the handlers did. */
function fakeServiceWorker(openWindows: string[] = []) {
  const shown: Array<{ title: string; options: NotificationOptions & { actions?: unknown; renotify?: boolean } }> = [];
  const opened: string[] = [];
  const navigated: string[] = [];
  const focused: string[] = [];
  const sw = {
    location: { origin: "https://app.sidetext.test" },
    registration: { showNotification: async (title: string, options: NotificationOptions) => void shown.push({ title, options }) },
    clients: {
      matchAll: async () => openWindows.map((url) => ({ url, focus: async () => focused.push(url), navigate: async (to: string) => navigated.push(to) })),
      openWindow: async (url: string) => opened.push(url),
    },
    addEventListener: () => {},
  } as unknown as ServiceWorkerLike;
  return { sw, shown, opened, navigated, focused };
}
const pushEvent = (text: string | null): PushEventLike =>
  ({ data: text === null ? null : { json: () => JSON.parse(text), text: () => text }, waitUntil: () => {} }) as unknown as PushEventLike;
const click = (action: string, data: unknown): NotificationClickLike & { closed: boolean } => {
  const event = { action, closed: false, notification: { data, close: () => (event.closed = true) }, waitUntil: () => {} };
  return event as unknown as NotificationClickLike & { closed: boolean };
};

describe("push from subscribe to notification click", () => {
  let clientHash = "";
  let payload: any;

  it("turns push on with the server's key at the push service, and the server pushes the next text to it", async () => {
    const browser = fakeBrowser({
      subscribe: async (key) => {
        const sub = await push.subscribe(Buffer.from(key).toString("base64url"));
        clientHash = sub.clientHash;
        return sub;
      },
    });
    const api = createPushApi({ baseUrl: s.url, token: w.token.alice });
    expect(await pushState(browser.env)).toBe("off");
    expect(await enablePush(api, browser.env)).toBe("on");
    expect(await pushState(browser.env)).toBe("on");
    expect((await api.devices()).map((d) => d.label)).toEqual(["Chrome on Android"]);

    const message = await textIn(s, w.token.admin, w.mainLine, "+14155550177", "Can I move my appointment?");
    const until = Date.now() + 5000;
    let messages: string[] = [];
    while (messages.length === 0 && Date.now() < until) {
      messages = await push.messages(clientHash);
      await new Promise((r) => setTimeout(r, 20));
    }
    payload = JSON.parse(messages[0]);
    expect(payload).toMatchObject({ conversationId: message.conversationId, userId: w.userId.alice, body: "Can I move my appointment?" });
  });

  it("shows one notification per conversation, text as text, with Reply and Assign to me", async () => {
    const { sw, shown } = fakeServiceWorker();
    await showPush(sw, pushEvent(JSON.stringify(payload)));
    expect(shown).toEqual([
      {
        title: "(415) 555-0177",
        options: expect.objectContaining({
          body: "Can I move my appointment?",
          tag: `conversation:${payload.conversationId}`,
          renotify: true,
          data: payload,
          actions: [
            { action: "reply", title: "Reply" },
            { action: "assign", title: "Assign to me" },
          ],
        }),
      },
    ]);
  });

  it("still says there is news for a push it cannot read", async () => {
    const { sw, shown } = fakeServiceWorker();
    await showPush(sw, pushEvent("not json"));
    await showPush(sw, pushEvent(null));
    expect(shown.map((n) => [n.title, n.options.body])).toEqual([
      ["Sidetext", "New message"],
      ["Sidetext", "New message"],
    ]);
  });

  it("assigns the conversation to the device's user on 'Assign to me', without opening a window", async () => {
    const { sw, opened } = fakeServiceWorker();
    const event = click("assign", payload);
    await clickNotification(sw, { session: async () => ({ serverUrl: s.url, token: w.token.alice }) }, event);
    expect(event.closed).toBe(true);
    expect(opened).toEqual([]);
    const conversation = await s.call("GET", `/v1/conversations/${payload.conversationId}`, { token: w.token.alice });
    expect(conversation.body.conversation.assigneeId).toBe(w.userId.alice);
  });

  it("opens the thread instead when assigning fails (signed out)", async () => {
    const { sw, opened } = fakeServiceWorker();
    await clickNotification(sw, { session: async () => ({ serverUrl: s.url, token: "stx_signed_out" }) }, click("assign", payload));
    expect(opened).toEqual([`https://app.sidetext.test/#/c/${payload.conversationId}`]);
  });

  it("opens the thread on Reply, in the app's open window when there is one", async () => {
    const none = fakeServiceWorker();
    await clickNotification(none.sw, { session: async () => null }, click("reply", payload));
    expect(none.opened).toEqual([`https://app.sidetext.test/#/c/${payload.conversationId}`]);
    const open = fakeServiceWorker(["https://elsewhere.test/", "https://app.sidetext.test/#/"]);
    await clickNotification(open.sw, { session: async () => null }, click("", payload));
    expect(open.navigated).toEqual([`https://app.sidetext.test/#/c/${payload.conversationId}`]);
    expect(open.focused).toEqual(["https://app.sidetext.test/#/"]);
    expect(open.opened).toEqual([]);
  });
});
