// No CRM page sits beside the web app: there is no active web tab to read a record from.
import type { PageTabs } from "../page-tabs";

export const pageTabs: PageTabs = {
  activeWebTab: async () => null,
  get: async () => null,
  async send() {
    throw new Error("The web app has no CRM tab to talk to.");
  },
  async openWindow(url) {
    (globalThis as { open?: (url: string, target: string) => unknown }).open?.(url, "_blank");
  },
  onActivated: () => () => {},
};
