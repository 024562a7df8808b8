// The browser's push APIs at their edge for the push client tests: Notification permission (and what the user
// answers when asked), and a service worker registration whose pushManager keeps one subscription.
import type { PushEnv } from "../../../../web/push/subscribe";

interface FakeBrowser {
  env: PushEnv;
  /** How often the browser asked the user. */
  asked: number;
  subscribedWith: Array<{ userVisibleOnly?: boolean; applicationServerKey?: unknown }>;
  subscription: FakeSubscription | null;
  stored: Map<string, string>;
}

interface FakeSubscription {
  endpoint: string;
  options: { applicationServerKey: ArrayBuffer | null };
  toJSON(): PushSubscriptionJSON;
  unsubscribe(): Promise<boolean>;
}

export function fakeBrowser(opts: {
  permission?: NotificationPermission;
  answer?: NotificationPermission;
  push?: boolean;
  /** Makes the browser's subscription (default: a made-up endpoint and keys). */
  subscribe?: (key: Uint8Array) => Promise<{ endpoint: string; keys: { p256dh: string; auth: string } }>;
}): FakeBrowser {
  const browser: FakeBrowser = { asked: 0, subscribedWith: [], subscription: null, stored: new Map(), env: null as never };
  let permission = opts.permission ?? "default";
  const made = (sub: { endpoint: string; keys: { p256dh: string; auth: string } }, key: Uint8Array): FakeSubscription => ({
    endpoint: sub.endpoint,
    options: { applicationServerKey: key.slice().buffer },
    toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
    unsubscribe: async () => {
      browser.subscription = null;
      return true;
    },
  });
  const pushManager = {
    getSubscription: async () => browser.subscription,
    subscribe: async (options: { userVisibleOnly?: boolean; applicationServerKey?: Uint8Array }) => {
      browser.subscribedWith.push(options);
      const key = options.applicationServerKey!;
      const sub = opts.subscribe
        ? await opts.subscribe(key)
        : { endpoint: `https://push.example/send/${browser.subscribedWith.length}`, keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) } };
      browser.subscription = made(sub, key);
      return browser.subscription;
    },
  };
  browser.env = {
    Notification:
      opts.push === false
        ? undefined
        : {
            get permission() {
              return permission;
            },
            requestPermission: async () => {
              browser.asked++;
              permission = opts.answer ?? "granted";
              return permission;
            },
          },
    registration: async () => (opts.push === false ? null : ({ pushManager } as unknown as ServiceWorkerRegistration)),
    storage: {
      getItem: (k) => browser.stored.get(k) ?? null,
      setItem: (k, v) => void browser.stored.set(k, v),
      removeItem: (k) => void browser.stored.delete(k),
    },
    userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
  };
  return browser;
}
