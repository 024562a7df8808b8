// The rep's preferences (notifications on/off, default country). In chrome.storage.local, not the cache:
// they survive sign-out.
import { defaultSettings, Settings } from "../protocol/messages";
import type { KeyValueStore } from "../platform/storage";

const KEY = "settings";

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function createSettingsStore(storage: KeyValueStore) {
  const listeners = new Set<(settings: Settings) => void>();
  return {
    async get(): Promise<Settings> {
      const parsed = Settings.partial().safeParse((await storage.get(KEY)) ?? {});
      return { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
    },
    async update(patch: Partial<Settings>): Promise<Settings> {
      const next = Settings.parse({ ...(await this.get()), ...patch });
      await storage.set(KEY, next);
      for (const l of listeners) l(next);
      return next;
    },
    onChange(listener: (settings: Settings) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
