// The web page beside the views: which tab the rep is looking at, and messages to our content script there.
import { browser, type Tabs } from "./browser";

export interface PageTab {
  id: number;
  /** Undefined when Sidetext may not see the page's address (no host permission, no activeTab). */
  url: string | undefined;
  windowId: number;
}

export interface PageTabs {
  /** The tab the rep last looked at in the last focused browser window, skipping Sidetext's own pages. */
  activeWebTab(): Promise<PageTab | null>;
  get(tabId: number): Promise<PageTab | null>;
  /** A message to the top frame's content script; rejects when none is listening. */
  send<T>(tabId: number, message: unknown): Promise<T>;
  /** Opens one of our pages in a small window of its own (the popup's thread where no panel can mount). */
  openWindow(url: string, size: { width: number; height: number }): Promise<void>;
  onActivated(listener: () => void): () => void;
}

const toPageTab = (tab: Tabs.Tab): PageTab | null => (tab.id === undefined ? null : { id: tab.id, url: tab.url, windowId: tab.windowId ?? -1 });
const ownPage = (tab: Tabs.Tab) => !!tab.url?.startsWith(browser.runtime.getURL(""));

export const pageTabs: PageTabs = {
  async activeWebTab() {
    // Chrome's windowTypes (not in the polyfill's types): the popup opened as a window is not the page.
    const win = await browser.windows.getLastFocused({ windowTypes: ["normal"] } as { populate?: boolean }).catch(() => null);
    if (!win?.id) return null;
    // The options page opened in a tab is itself the active tab: the rep means the page they came from.
    const tabs = (await browser.tabs.query({ windowId: win.id })).filter((t) => !ownPage(t));
    const best = tabs.find((t) => t.active) ?? tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
    return best ? toPageTab(best) : null;
  },
  async get(tabId) {
    try {
      return toPageTab(await browser.tabs.get(tabId));
    } catch {
      return null;
    }
  },
  send: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
  async openWindow(url, { width, height }) {
    await browser.windows.create({ url, type: "popup", width, height, focused: true });
  },
  onActivated(listener) {
    const handler = () => listener();
    browser.tabs.onActivated.addListener(handler);
    browser.windows.onFocusChanged.addListener(handler);
    browser.tabs.onUpdated.addListener(handler);
    return () => {
      browser.tabs.onActivated.removeListener(handler);
      browser.windows.onFocusChanged.removeListener(handler);
      browser.tabs.onUpdated.removeListener(handler);
    };
  },
};
