// Tabs and windows: focusing the CRM tab a notification points at, opening extension pages.
import { browser } from "./browser";

export interface TabsApi {
  /** Brings the tab (and its window) to the front; false when the tab no longer exists. */
  focus(tabId: number): Promise<boolean>;
  open(url: string): Promise<void>;
  /** chrome-extension://<id>/<path> */
  extensionUrl(path: string): string;
  onRemoved(listener: (tabId: number) => void): () => void;
}

export const tabs: TabsApi = {
  async focus(tabId) {
    try {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      return true;
    } catch {
      return false; // closed since
    }
  },
  async open(url) {
    await browser.tabs.create({ url });
  },
  extensionUrl: (path) => browser.runtime.getURL(path),
  onRemoved(listener) {
    const handler = (tabId: number) => listener(tabId);
    browser.tabs.onRemoved.addListener(handler);
    return () => browser.tabs.onRemoved.removeListener(handler);
  },
};
