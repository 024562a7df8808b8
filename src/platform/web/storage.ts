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

export function storageArea(area: StorageAreaName): KeyValueStore {
  if (area === "session") {
    return {
      get: async <T>(key: string) => structuredClone(session.get(key)) as T | undefined, // copies, as chrome.storage gives
      async set(key, value) {
        session.set(key, structuredClone(value));
      },
      async remove(key) {
        session.delete(key);
      },
    };
  }
  const db = () => (local ??= new LocalStore());
  return {
    get: async <T>(key: string) => (await db().values.get(key))?.value as T | undefined,
    async set(key, value) {
      await db().values.put({ key, value });
    },
    async remove(key) {
      await db().values.delete(key);
    },
  };
}
