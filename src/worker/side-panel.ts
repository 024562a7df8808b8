// "Dock: Chrome side panel" (options): the toolbar button opens Chrome's side panel, which shows the same
// panel for the active tab's record, and the panel inside CRM pages steps aside. Back to "in the page": the
// toolbar opens the popup again and the pages show their panel.
import type { PageTabs } from "../platform/page-tabs";
import type { sidePanel as SidePanelApi } from "../platform/side-panel";
import type { Settings } from "../protocol/messages";
import type { WorkerContext } from "./context";

export function registerSidePanelDock(ctx: WorkerContext, deps: { sidePanel: typeof SidePanelApi; tabs: PageTabs }) {
  let dock: Settings["dock"] | null = null;
  const apply = async (settings: Settings) => {
    if (settings.dock === dock) return;
    dock = settings.dock;
    await deps.sidePanel.openOnToolbarClick(dock === "sidepanel").catch(() => undefined);
    // Pages open now follow at once; pages opened later ask for the setting when they start.
    for (const tabId of await ctx.records.tabIds()) {
      void deps.tabs.send(tabId, { type: "sidetext:dock", dock }).catch(() => undefined);
    }
  };
  void ctx.settings.get().then(apply);
  ctx.settings.onChange((settings) => void apply(settings));
}
