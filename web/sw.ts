// The app's service worker: precaches the shell (vite-plugin-pwa injects the list of built files), answers
// every navigation with the cached index.html so the app opens offline, shows pushes (web/push), and updates
// itself on the next load.
// The API (/v1) and media are never cached here: the cache of data is the hosted worker's IndexedDB.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { registerPushHandlers } from "./push/sw-push";
import { readSession } from "./session-token";

// The few service-worker types used here (the project's lib is DOM: "webworker" would retype every file).
interface LifecycleEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
declare const self: {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: LifecycleEvent) => void): void;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: [/^\/v1\//, /^\/webhooks\//, /^\/media\//] }));

registerPushHandlers(self as never, { session: readSession });

self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
