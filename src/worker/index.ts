// The service worker's features, each a register…() call for background/index.ts. Listeners are added
// synchronously at the worker's top level (MV3 only delivers events to listeners registered then).
import { SidetextDb } from "../db/schema";
import { alarms, badge, messaging, notifications, storageArea, tabs } from "../platform";
import { siteAccess } from "../platform/site-access";
import { createSyncEngine } from "../sync/engine";
import { POLL_ALARM } from "../sync/session";
import type { WebSocketCtor } from "../sync/stream";
import { createCommandRouter } from "./commands";
import type { WorkerContext } from "./context";
import { createCountCache } from "./counts";
import { createCrmLinks } from "./crm-links";
import { createEnabledSites } from "./enabled-sites";
import { createPhoneLookups } from "./lookups";
import { createTagLookups } from "./tag-lookups";
import { createPanelPages } from "./panel-page";
import { createPanelTokens } from "./panel-tokens";
import { createRecordStore } from "./records";
import { createSettingsStore } from "./settings";
import { createSubscriptionHub } from "./subscriptions";
import { registerBadge } from "./badge";
import { registerNotifications } from "./notifications";

export type { WorkerContext } from "./context";

export function createWorkerContext(): WorkerContext {
  const db = new SidetextDb();
  const engine = createSyncEngine({ db, WebSocket: globalThis.WebSocket as unknown as WebSocketCtor, alarms });
  const sites = createEnabledSites({ storage: storageArea("local"), access: siteAccess });
  // The list is in storage.local, which content scripts can write: the host permission must be held too.
  const isEnabledSite = async (origin: string) => (await sites.isEnabled(origin)) && (await siteAccess.hasOrigin(`${origin}/*`));
  const crmLinks = createCrmLinks({ db, isEnabledSite, legacy: storageArea("local") });
  return {
    db,
    engine,
    settings: createSettingsStore(storageArea("local")),
    records: createRecordStore({ session: storageArea("session"), links: crmLinks }),
    crmLinks,
    lookups: createPhoneLookups(engine),
    tagLookups: createTagLookups(engine),
    counts: createCountCache(db),
    tabs,
    panelTokens: createPanelTokens({ store: storageArea("session") }),
    panelPages: createPanelPages(),
  };
}

export function registerCommands(ctx: WorkerContext) {
  messaging.onMessage(createCommandRouter(ctx));
}

export function registerSubscriptions(ctx: WorkerContext) {
  const hub = createSubscriptionHub(ctx);
  messaging.onConnect((port) => hub.attach(port));
  return hub;
}

export function registerSync(ctx: WorkerContext) {
  alarms.onAlarm((name) => name === POLL_ALARM && void ctx.engine.start().then(() => ctx.engine.onAlarm()));
  tabs.onRemoved((tabId) => {
    void ctx.records.closed(tabId);
    void ctx.panelTokens.forgetTab(tabId);
  });
  void ctx.engine.start();
  void ctx.crmLinks.migrate(); // phoneLastSeen left storage.local (content scripts can read it)
}

export const registerToolbarBadge = (ctx: WorkerContext) => registerBadge(ctx, badge);
export const registerDesktopNotifications = (ctx: WorkerContext) => registerNotifications(ctx, notifications, tabs);
