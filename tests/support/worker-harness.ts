// The worker's features (commands, subscriptions, badge, notifications) on a harness engine, with
// in-memory ports standing in for runtime.Port.
import type { MessageSender, PortLike } from "../../src/platform/messaging";
import { storageArea } from "../../src/platform/storage";
import { tabs } from "../../src/platform/tabs";
import type { WorkerFrame } from "../../src/protocol/messages";
import { createCommandRouter } from "../../src/worker/commands";
import type { WorkerContext } from "../../src/worker/context";
import { createCountCache } from "../../src/worker/counts";
import { createCrmLinks } from "../../src/worker/crm-links";
import { createPhoneLookups } from "../../src/worker/lookups";
import { createTagLookups } from "../../src/worker/tag-lookups";
import { createPanelPages } from "../../src/worker/panel-page";
import { createPanelTokens } from "../../src/worker/panel-tokens";
import { createRecordStore } from "../../src/worker/records";
import { createSettingsStore } from "../../src/worker/settings";
import { createSubscriptionHub } from "../../src/worker/subscriptions";
import type { EngineDeps } from "../../src/sync/engine";
import { startHarness, waitForState, type Harness } from "./engine-harness";
import { fakeBrowser } from "./extension-env";
import { FakeInbox, me } from "./fake-inbox";

/** Sites the rep enabled, as enabled-sites.ts keeps them (tests add origins here). */
export const enabledOrigins = new Set<string>();

export function workerContext(h: Harness): WorkerContext {
  const crmLinks = createCrmLinks({ db: h.db, isEnabledSite: async (origin) => enabledOrigins.has(origin), legacy: storageArea("local") });
  return {
    db: h.db,
    engine: h.engine,
    settings: createSettingsStore(storageArea("local")),
    records: createRecordStore({ session: storageArea("session"), links: crmLinks }),
    crmLinks,
    lookups: createPhoneLookups(h.engine),
    tagLookups: createTagLookups(h.engine),
    counts: createCountCache(h.db),
    tabs,
    panelTokens: createPanelTokens({ store: storageArea("session") }),
    panelPages: createPanelPages(),
  };
}

export interface SignedInWorker {
  inbox: FakeInbox;
  h: Harness;
  ctx: WorkerContext;
  hub: ReturnType<typeof createSubscriptionHub>;
  route: ReturnType<typeof createCommandRouter>;
  /** Disposes the hub and stops the engine (the database stays, as after a killed worker). */
  stop(): void;
}

/**
 * The worker as the extension builds it, on a fresh fake browser, signed in as `me` over `inbox` and live:
 * what most worker suites start each test from. `context` swaps parts of the worker context (a panel-token
 * store on a test clock, say); `engine` overrides the harness engine's deps.
 */
export async function startSignedInWorker(
  options: { inbox?: FakeInbox; engine?: Partial<EngineDeps>; context?: (ctx: WorkerContext) => WorkerContext } = {},
): Promise<SignedInWorker> {
  fakeBrowser.reset();
  enabledOrigins.clear();
  const inbox = options.inbox ?? new FakeInbox();
  const h = startHarness(inbox, options.engine);
  const base = workerContext(h);
  const ctx = options.context ? options.context(base) : base;
  const hub = createSubscriptionHub(ctx);
  const route = createCommandRouter(ctx);
  await h.engine.signIn("http://fake.localhost", me.email, "pw");
  await waitForState(h.engine, "live");
  return {
    inbox,
    h,
    ctx,
    hub,
    route,
    stop() {
      hub.dispose();
      h.engine.stop();
    },
  };
}

const EXTENSION = "chrome-extension://sidetext-test-id";
/** The popup (or options, or side panel): one of our pages outside any tab. */
export const popupSender: MessageSender = { tabId: null, frameId: null, documentId: "doc-popup", url: `${EXTENSION}/popup.html`, extensionPage: true };
/** A CRM content script: the web page's URL, in a tab's top frame. */
export const contentSender = (tabId: number, url: string, frameId = 0): MessageSender => ({
  tabId,
  frameId,
  documentId: `doc-page-${tabId}-${frameId}`,
  url,
  extensionPage: false,
});
/** The panel page (tabs/panel.html) framed in a tab, with `token` in its URL or none. */
export const panelSender = (tabId: number, token: string | null, documentId = `doc-panel-${tabId}`, frameId = 1): MessageSender => ({
  tabId,
  frameId,
  documentId,
  url: `${EXTENSION}/tabs/panel.html${token === null ? "" : `?token=${encodeURIComponent(token)}`}`,
  extensionPage: true,
});

/** Two connected port ends: `view` for the client side, `worker` for the hub. */
export function portPair(
  name: string,
  tabId: number | null = null,
  sender: MessageSender = tabId === null ? popupSender : { ...popupSender, tabId, frameId: 0, url: `${EXTENSION}/popup.html` },
) {
  const listeners = { view: [] as Array<(m: unknown) => void>, worker: [] as Array<(m: unknown) => void> };
  const gone = { view: [] as Array<() => void>, worker: [] as Array<() => void> };
  let open = true;
  const end = (self: "view" | "worker", other: "view" | "worker", tab: number | null): PortLike => ({
    name,
    tabId: tab,
    sender: self === "worker" ? sender : null,
    post: (m) => {
      if (!open) throw new Error("Attempting to use a disconnected port object");
      const copy = JSON.parse(JSON.stringify(m)); // structured like the real thing: no shared objects
      queueMicrotask(() => {
        for (const l of listeners[other]) l(copy);
      });
    },
    onMessage: (l) => void listeners[self].push(l),
    onDisconnect: (l) => void gone[self].push(l),
    disconnect: () => {
      if (!open) return;
      open = false;
      for (const l of gone[other]) l();
    },
  });
  return { view: end("view", "worker", null), worker: end("worker", "view", tabId) };
}

/** A view end that records every frame, attached to `hub`. */
export function openView(hub: ReturnType<typeof createSubscriptionHub>, tabId: number | null = null, sender?: MessageSender) {
  const pair = portPair("sidetext", sender?.tabId ?? tabId, sender);
  hub.attach(pair.worker);
  const frames: Array<WorkerFrame & { at: number }> = [];
  pair.view.onMessage((m) => frames.push({ ...(m as WorkerFrame), at: performance.now() }));
  const latest = (id: string) => [...frames].reverse().find((f) => f.id === id);
  return { port: pair.view, frames, latest, subscribe: (id: string, topic: unknown) => pair.view.post({ type: "subscribe", id, topic }) };
}

export { createCommandRouter, createSubscriptionHub };

/** The panel our content script mounts in `tabId`: it asks for a token, the panel's URL carries it. */
export async function openPanel(
  hub: ReturnType<typeof createSubscriptionHub>,
  route: ReturnType<typeof createCommandRouter>,
  tabId: number,
  pageUrl = "https://crm.example/",
) {
  const res = (await route({ type: "panel.token" }, contentSender(tabId, pageUrl))) as { ok: true; data: { token: string } };
  if (!res.ok) throw new Error(`panel.token refused: ${JSON.stringify(res)}`);
  return { ...openView(hub, tabId, panelSender(tabId, res.data.token)), token: res.data.token };
}
