// A real test push service for the push suites and bench/push-latency.ts: web-push-testing (a push service
// that checks the VAPID JWT against the subscription's applicationServerKey and decrypts each payload with
// the subscription's private keys), run in this process on a free port. Beside what it stores, each request's
// headers and arrival time are recorded, so tests can check Topic, TTL and the JWT themselves.
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

const require = createRequire(import.meta.url);
const { PushApiModel } = require("web-push-testing/src/PushApiModel.js");
const WebPushTestingServer = require("web-push-testing/src/server.js");

export interface PushRequest {
  clientHash: string;
  headers: Record<string, string | undefined>;
  /** When it arrived, in ms since the epoch with sub-ms precision (comparable across processes). */
  at: number;
}

export interface TestPushService {
  url: string;
  /** A browser subscribing with the server's key: the PushSubscription JSON it would hand to the page. */
  subscribe(applicationServerKey: string): Promise<{ endpoint: string; keys: { p256dh: string; auth: string }; clientHash: string }>;
  /** The decrypted payloads the service accepted for one subscription, oldest first. */
  messages(clientHash: string): Promise<string[]>;
  /** The browser drops the subscription: the service answers 410 from now on. */
  expire(clientHash: string): Promise<void>;
  requests: PushRequest[];
  close(): Promise<void>;
}

/** `onRequest` hears of each push request as it arrives (the benchmark runs the service in another process). */
export async function startTestPushService(onRequest?: (request: PushRequest) => void): Promise<TestPushService> {
  const model = new PushApiModel();
  const service = new WebPushTestingServer(model, 0);
  const requests: PushRequest[] = [];
  service._app.use((req: { path: string; params: unknown; get(h: string): string | undefined }, _res: unknown, next: () => void) => {
    const m = /^\/notify\/(.+)$/.exec(req.path);
    if (m) {
      const headers = Object.fromEntries(["authorization", "ttl", "topic", "urgency", "x-content-encoding"].map((h) => [h, req.get(h)]));
      const request = { clientHash: m[1], headers, at: performance.timeOrigin + performance.now() };
      requests.push(request);
      onRequest?.(request);
    }
    next();
  });
  service.setRequestHandlers();
  const server: Server = await new Promise((resolve) => {
    const s = service._app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  model.notifyUrl = `${url}/notify/`;
  return { ...pushServiceClient(url), requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The service's own HTTP API (subscribe, read what it decrypted, expire), from this or another process. */
export function pushServiceClient(url: string): Omit<TestPushService, "requests" | "close"> {
  const post = async (path: string, json?: unknown) => {
    const res = await fetch(url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json ?? {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    subscribe: async (applicationServerKey) => (await post("/subscribe", { userVisibleOnly: "true", applicationServerKey })).data,
    messages: async (clientHash) => (await post("/get-notifications", { clientHash })).data.messages,
    expire: async (clientHash) => void (await fetch(`${url}/expire-subscription/${clientHash}`, { method: "POST" })),
  };
}
