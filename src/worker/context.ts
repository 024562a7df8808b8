// What the worker's features share: the cache, the engine and the small stores. Built once per worker life.
import type { SidetextDb } from "../db/schema";
import type { TabsApi } from "../platform/tabs";
import type { SyncEngine } from "../sync/engine";
import type { CountCache } from "./counts";
import type { CrmLinks } from "./crm-links";
import type { PhoneLookups } from "./lookups";
import type { TagLookups } from "./tag-lookups";
import type { PanelPages } from "./panel-page";
import type { PanelTokens } from "./panel-tokens";
import type { RecordStore } from "./records";
import type { SettingsStore } from "./settings";

export interface WorkerContext {
  db: SidetextDb;
  engine: SyncEngine;
  settings: SettingsStore;
  records: RecordStore;
  /** Where each number was last seen on a trusted CRM record ("Open in CRM"), in IndexedDB. */
  crmLinks: CrmLinks;
  lookups: PhoneLookups;
  /** The server's answers for the list's tag filter (the cache may not hold every tagged thread). */
  tagLookups: TagLookups;
  counts: CountCache;
  tabs: TabsApi;
  /** One-time tokens that let the panel frame our content script mounted see data (invariant 9). */
  panelTokens: PanelTokens;
  /** The framed panel's page with its first paint in it, per nonce (./panel-page.ts). */
  panelPages: PanelPages;
}
