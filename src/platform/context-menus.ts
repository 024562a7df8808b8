// Right-click menu items (chrome.contextMenus). Items persist with the extension, so they are (re)created
// on install and update only; the click listener is added at the worker's top level on every start.
import { browser } from "./browser";

export interface MenuClick {
  menuItemId: string;
  selectionText?: string;
  linkUrl?: string;
  tabId: number | null;
  /** The page's URL (undefined when Sidetext may not see it). */
  pageUrl?: string;
}

export interface MenuItem {
  id: string;
  /** "%s" stands for the selected text. */
  title: string;
  contexts: ("selection" | "link")[];
  targetUrlPatterns?: string[];
}

export interface ContextMenus {
  create(items: MenuItem[]): Promise<void>;
  onClicked(listener: (click: MenuClick) => void): () => void;
  onInstalled(listener: () => void): void;
}

export const contextMenus: ContextMenus = {
  async create(items) {
    await browser.contextMenus.removeAll();
    for (const item of items) {
      await new Promise<void>((resolve) => {
        // create() answers through a callback, not a promise (it returns the item's id).
        browser.contextMenus.create({ ...item }, () => resolve());
      });
    }
  },
  onClicked(listener) {
    const handler = (info: { menuItemId: string | number; selectionText?: string; linkUrl?: string; pageUrl?: string }, tab?: { id?: number }) =>
      listener({
        menuItemId: String(info.menuItemId),
        selectionText: info.selectionText,
        linkUrl: info.linkUrl,
        pageUrl: info.pageUrl,
        tabId: tab?.id ?? null,
      });
    browser.contextMenus.onClicked.addListener(handler);
    return () => browser.contextMenus.onClicked.removeListener(handler);
  },
  onInstalled(listener) {
    browser.runtime.onInstalled.addListener(() => listener());
  },
};
