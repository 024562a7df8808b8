// Typed access to chrome.storage. `local` survives restarts; `session` lives while the browser runs and is
// cleared when it quits (right for per-tab state: tab ids do not survive either).
import { browser } from "./browser";

export type StorageAreaName = "local" | "session";

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export function storageArea(area: StorageAreaName): KeyValueStore {
  const store = () => browser.storage[area];
  return {
    async get<T>(key: string) {
      const values = await store().get(key);
      return values[key] as T | undefined;
    },
    async set(key, value) {
      await store().set({ [key]: value });
    },
    async remove(key) {
      await store().remove(key);
    },
  };
}
