// Chrome's own side panel (chrome.sidePanel): whether the toolbar button opens it, and opening it from a click.
// Not in webextension-polyfill: Chrome's promise-based API is used as it is.

interface ChromeSidePanel {
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
  open(options: { windowId: number }): Promise<void>;
}
const api = () => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel ?? null;

export const sidePanel = {
  available: () => api() !== null,
  /** With the side panel as the dock, the toolbar button opens it (the inbox is one click away in it). */
  async openOnToolbarClick(open: boolean): Promise<void> {
    await api()?.setPanelBehavior({ openPanelOnActionClick: open });
  },
  /** Must be called during a click (a user gesture), like permissions.request. */
  open: (windowId: number) => api()?.open({ windowId }) ?? Promise.resolve(),
};
