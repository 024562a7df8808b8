// @vitest-environment jsdom
// The web's runtime messaging: pages and the hosted worker over real MessagePorts (Node's MessageChannel),
// both ends in this test. The worker's scope is an EventTarget that receives SharedWorker-style "connect" events.
import { afterAll, describe, expect, it, vi } from "vitest";
import { attachWorker, messaging, serveViews } from "../../../src/platform/web/messaging";
import type { PortLike } from "../../../src/platform/messaging";

const scope = Object.assign(new EventTarget(), { onconnect: null }) as unknown as typeof globalThis;
serveViews(scope);
const shared = new MessageChannel();
scope.dispatchEvent(Object.assign(new Event("connect"), { ports: [shared.port2] }));
attachWorker(() => shared.port1);
afterAll(() => shared.port1.close());

describe("web messaging between the page and the hosted worker", () => {
  it("answers a command with the handler's result, and with undefined when no handler takes it", async () => {
    const off = messaging.onMessage((message, sender) =>
      (message as { type: string }).type === "ping" ? Promise.resolve({ ok: true, data: sender.extensionPage }) : undefined,
    );
    expect(await messaging.send({ type: "ping" })).toEqual({ ok: true, data: true });
    // No answer: the view's client turns it into "the worker did not answer" (Node's ports carry undefined as null).
    expect(await messaging.send({ type: "someone-else" })).toBeFalsy();
    off();
  });

  it("turns a handler that throws into a typed failure instead of no answer", async () => {
    const off = messaging.onMessage(() => Promise.reject(new Error("boom")));
    expect(await messaging.send({ type: "x" })).toMatchObject({ ok: false, error: { code: "internal", message: "Error: boom" } });
    off();
  });

  it("connects a port both ways, with the page as a trusted sender, and tells the worker when the page disconnects", async () => {
    const opened = new Promise<PortLike>((resolve) => {
      const off = messaging.onConnect((port) => {
        off();
        resolve(port);
      });
    });
    const view = messaging.connect("sidetext");
    const worker = await opened;
    expect(worker.name).toBe("sidetext");
    expect(worker.sender).toMatchObject({ extensionPage: true, tabId: null, url: location.href });

    const toWorker = new Promise((resolve) => worker.onMessage(resolve));
    view.post({ type: "subscribe", id: "s1", topic: { type: "session" } });
    expect(await toWorker).toEqual({ type: "subscribe", id: "s1", topic: { type: "session" } });
    const toView = new Promise((resolve) => view.onMessage(resolve));
    worker.post({ type: "snapshot", id: "s1", data: { user: null } });
    expect(await toView).toEqual({ type: "snapshot", id: "s1", data: { user: null } });

    const gone = vi.fn();
    worker.onDisconnect(gone);
    view.disconnect();
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1));
    expect(() => worker.post({ late: true })).toThrow();
  });
});
