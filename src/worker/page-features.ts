// The worker's page features for background/index.ts: enabled sites kept registered, and the context-menu
// item. Listeners are added synchronously at the worker's top level (MV3 delivers events only to those).
import { contextMenus, type MenuClick } from "../platform/context-menus";
import { notifications } from "../platform/notifications";
import { pageTabs } from "../platform/page-tabs";
import { sidePanel } from "../platform/side-panel";
import { siteAccess } from "../platform/site-access";
import { storageArea } from "../platform/storage";
import { tabs } from "../platform/tabs";
import type { WorkerContext } from "./context";
import { registerContextMenu, type MenuOutcome } from "./context-menu";
import { createEnabledSites } from "./enabled-sites";
import { registerSidePanelDock } from "./side-panel";

/** On install, update and browser start (and when the rep revokes a site in Chrome): registrations match the list. */
export function registerEnabledSites() {
  const sites = createEnabledSites({ storage: storageArea("local"), access: siteAccess });
  siteAccess.onInstalledOrStartup(() => void sites.reconcile());
  siteAccess.onOriginsRemoved(() => void sites.reconcile());
}

export const registerSidePanel = (ctx: WorkerContext) => registerSidePanelDock(ctx, { sidePanel, tabs: pageTabs });

export function registerTextNumberMenu(ctx: WorkerContext): (click: MenuClick) => Promise<MenuOutcome> {
  return registerContextMenu(ctx, contextMenus, { tabs: pageTabs, pages: tabs, notifications });
}
