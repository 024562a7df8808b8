// chrome.storage on the web: `local` is a key-value table in IndexedDB (the hosted worker has no
// localStorage), `session` a Map that lives as long as the worker (as chrome.storage.session lives with the browser).
import Dexie, { type Table } from "dexie";
import type { KeyValueStore, StorageAreaName } from "../storage";

class LocalStore extends Dexie {
  values!: Table<{ key: string; value: unknown }, string>;
  constructor() {
    super("sidetext-web-storage");
    this.version(1).stores({ values: "key" });
  }
}

let local: LocalStore | null = null;
const session = new Map<string, unknown>();
const listeners = new Set<(area: StorageAreaName, key: string, value: unknown) => void>();
function changed(area: StorageAreaName, key: string, value: unknown) {
  for (const l of listeners) l(area, key, value);
}

export function storageArea(area: StorageAreaName): KeyValueStore {
  if (area === "session") {
    return {
      get: async <T>(key: string) => session.get(key) as T | undefined,
      async set(key, value) {
        session.set(key, structuredClone(value));
        changed(area, key, value);
      },
      async remove(key) {
        session.delete(key);
        changed(area, key, undefined);
      },
    };
  }
  const db = () => (local ??= new LocalStore());
  return {
    get: async <T>(key: string) => (await db().values.get(key))?.value as T | undefined,
    async set(key, value) {
      await db().values.put({ key, value });
      changed(area, key, value);
    },
    async remove(key) {
      await db().values.delete(key);
      changed(area, key, undefined);
    },
  };
}

/** Changes made in this context (the hosted worker is the only one that writes these areas). */
export function onStorageChange<T>(area: StorageAreaName, key: string, listener: (value: T | undefined) => void): () => void {
  const handler = (a: StorageAreaName, k: string, value: unknown) => a === area && k === key && listener(value as T | undefined);
  listeners.add(handler);
  return () => listeners.delete(handler);
}
