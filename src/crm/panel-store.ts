// Where the panel remembers its width and whether it is collapsed: storage.local, shared by every CRM tab.
import type { Storage } from "webextension-polyfill";
import { browser } from "~src/platform/browser";

export interface PanelState {
  width: number;
  collapsed: boolean;
}

export interface PanelStore {
  load(): Promise<Partial<PanelState>>;
  save(state: PanelState): Promise<void>;
}

const KEY = "sidetext.panel";

export function createPanelStore(area: Pick<Storage.StorageArea, "get" | "set"> = browser.storage.local): PanelStore {
  return {
    async load() {
      const stored = (await area.get(KEY))[KEY] as Partial<PanelState> | undefined;
      return stored ?? {};
    },
    async save(state) {
      await area.set({ [KEY]: state });
    },
  };
}
