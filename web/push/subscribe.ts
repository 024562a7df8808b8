// Turning push on and off for this device, from the page. The browser asks the user only after a gesture
// (a click on "Turn on"), so `enablePush` must be called from one. The browser APIs come in as `PushEnv`
// so that tests hand in their own; in the app it is the window's.
import type { PushApi } from "./push-api";

export interface PushEnv {
  /** The Notification API (permission), or undefined where there is none. */
  Notification?: { permission: NotificationPermission; requestPermission(): Promise<NotificationPermission> };
  /** The service worker registration that receives pushes, or null where push is not possible. */
  registration(): Promise<Pick<ServiceWorkerRegistration, "pushManager"> | null>;
  /** Where this device remembers its own device id on the server (to mark it and to remove it). */
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  userAgent: string;
}

export type PushState = "unsupported" | "denied" | "off" | "on";
const DEVICE_KEY = "sidetext-push-device";

export function browserPushEnv(): PushEnv {
  const supported = typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  return {
    Notification: supported ? window.Notification : undefined,
    registration: async () => (supported ? navigator.serviceWorker.ready : null),
    storage: window.localStorage,
    userAgent: navigator.userAgent,
  };
}

/** The id of this device's subscription on the server, if it has one. */
export const thisDeviceId = (env: PushEnv) => env.storage.getItem(DEVICE_KEY);

export async function pushState(env: PushEnv): Promise<PushState> {
  if (!env.Notification) return "unsupported";
  const registration = await env.registration();
  if (!registration?.pushManager) return "unsupported";
  if (env.Notification.permission === "denied") return "denied";
  if (env.Notification.permission !== "granted") return "off";
  const subscription = await registration.pushManager.getSubscription();
  return subscription && thisDeviceId(env) ? "on" : "off";
}

/** Asks permission, subscribes with the server's key and registers the device; returns the new state. */
export async function enablePush(api: PushApi, env: PushEnv): Promise<PushState> {
  if (!env.Notification) return "unsupported";
  const permission = env.Notification.permission === "granted" ? "granted" : await env.Notification.requestPermission();
  if (permission === "denied") return "denied";
  if (permission !== "granted") return "off"; // dismissed: ask again next time
  const registration = await env.registration();
  if (!registration?.pushManager) return "unsupported";
  const key = await api.publicKey();
  let subscription = await registration.pushManager.getSubscription();
  // Subscribed with another server's key (or an old pair): the push service would refuse our pushes.
  if (subscription && keyOf(subscription) !== key) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytesOf(key) });
  const json = subscription.toJSON();
  const device = await api.addDevice({
    endpoint: json.endpoint ?? subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
    label: deviceLabel(env.userAgent),
  });
  env.storage.setItem(DEVICE_KEY, device.id);
  return "on";
}

/** Unsubscribes this device in the browser and on the server. */
export async function disablePush(api: PushApi, env: PushEnv): Promise<PushState> {
  const registration = await env.registration();
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  const id = thisDeviceId(env);
  env.storage.removeItem(DEVICE_KEY);
  if (id) await api.removeDevice(id).catch(() => {}); // gone already: nothing to remove
  return "off";
}

const browsers: Array<[RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/Firefox\//, "Firefox"],
  [/Chrome\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const systems: Array<[RegExp, string]> = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/Mac OS X/, "Mac"],
  [/Windows/, "Windows"],
  [/Linux/, "Linux"],
];

/** "Chrome on Android", "Safari on iPhone": what the user recognises in their device list. */
function deviceLabel(userAgent: string): string {
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1] ?? "Browser";
  const os = systems.find(([re]) => re.test(userAgent))?.[1] ?? "this device";
  return `${browser} on ${os}`;
}

const bytesOf = (base64url: string) => {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
};

function keyOf(subscription: PushSubscription): string | null {
  const key = subscription.options?.applicationServerKey;
  if (!key) return null;
  const bytes = new Uint8Array(key);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
