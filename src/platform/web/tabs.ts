// Tabs on the web: the app is one page of its own, with no CRM tabs beside it to focus or close.
import type { TabsApi } from "../tabs";

export const tabs: TabsApi = {
  focus: async () => false,
  async open(url) {
    // In the hosted worker there is no window to open from; pages open links themselves.
    (globalThis as { open?: (url: string, target: string) => unknown }).open?.(url, "_blank");
  },
  extensionUrl: (path) => new URL(path, location.origin).href,
  onRemoved: () => () => {},
};
