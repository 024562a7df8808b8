// The service worker: wiring only. The features live in src/worker, the sync engine in src/sync.
import { createWorkerContext, registerCommands, registerDesktopNotifications, registerSubscriptions, registerSync, registerToolbarBadge } from "~src/worker";
import { registerEnabledSites, registerSidePanel, registerTextNumberMenu } from "~src/worker/page-features";
import { registerPanelPage } from "~src/worker/panel-page";
import panelStart from "url:~src/crm/panel-start.ts";

const ctx = createWorkerContext();
registerCommands(ctx);
const subscriptions = registerSubscriptions(ctx);
registerToolbarBadge(ctx);
registerDesktopNotifications(ctx);
registerEnabledSites();
registerSidePanel(ctx);
const textNumberFromMenu = registerTextNumberMenu(ctx);
registerSync(ctx);
// The framed panel's page with the cached thread in it; listeners at the top level, as a worker's must be.
// panelStart: the small script that starts the panel's bundle after the thread's frame (src/crm/panel-start.ts).
registerPanelPage(globalThis, ctx.panelPages, chrome.runtime.getURL("tabs/panel.html"), panelStart);

// Reachable from the worker's console (and browser tests): the context menu's click handler, which tests cannot
// reach through Chrome's own menus (sidetext.textNumberFromMenu({ menuItemId, selectionText, tabId })), and
// sidetext.snapshotsSettled(), which resolves once every view has been sent what the cache holds.
Object.assign(globalThis, { sidetext: { textNumberFromMenu, snapshotsSettled: () => subscriptions.settled() } });
