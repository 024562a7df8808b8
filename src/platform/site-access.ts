// Sites the rep enabled: the optional host permission for the site's origin and the generic content script
// registered there (chrome.permissions, chrome.scripting). Asking needs the click's user gesture, so
// `requestOrigin` must be the first call in a click handler; the rest runs in the worker.
import { browser } from "./browser";

export interface RegisteredScript {
  id: string;
  matches: string[];
  js: string[];
}

export interface SiteAccess {
  /** The rep's answer to Chrome's prompt ("Allow Sidetext to read and change your data on …?"). */
  requestOrigin(pattern: string): Promise<boolean>;
  hasOrigin(pattern: string): Promise<boolean>;
  releaseOrigin(pattern: string): Promise<boolean>;
  registered(): Promise<RegisteredScript[]>;
  /** Registers (or replaces) a script kept across browser restarts. */
  register(script: RegisteredScript): Promise<void>;
  unregister(ids: string[]): Promise<void>;
  /** Runs a built script in a tab's top frame now. */
  inject(tabId: number, file: string): Promise<void>;
  onOriginsRemoved(listener: (origins: string[]) => void): () => void;
  /** The worker's install, update or browser start: the moment to bring registrations up to date. */
  onInstalledOrStartup(listener: () => void): void;
  /** Our own manifest's content scripts (the built file names). */
  contentScripts(): { matches?: string[]; js?: string[] }[];
}

export const siteAccess: SiteAccess = {
  // Not async: `permissions.request` must be called in the click's own task, before any await.
  requestOrigin: (pattern) => browser.permissions.request({ origins: [pattern] }).catch(() => false),
  hasOrigin: (pattern) => browser.permissions.contains({ origins: [pattern] }).catch(() => false),
  releaseOrigin: (pattern) => browser.permissions.remove({ origins: [pattern] }).catch(() => false),
  async registered() {
    return (await browser.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches ?? [], js: s.js ?? [] }));
  },
  async register(script) {
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [script.id] });
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [script.id] });
    await browser.scripting.registerContentScripts([{ ...script, runAt: "document_idle", persistAcrossSessions: true }]);
  },
  async unregister(ids) {
    const held = new Set((await browser.scripting.getRegisteredContentScripts({ ids })).map((s) => s.id));
    const present = ids.filter((id) => held.has(id));
    if (present.length) await browser.scripting.unregisterContentScripts({ ids: present });
  },
  async inject(tabId, file) {
    await browser.scripting.executeScript({ target: { tabId }, files: [file] });
  },
  onOriginsRemoved(listener) {
    const handler = (removed: { origins?: string[] }) => listener(removed.origins ?? []);
    browser.permissions.onRemoved.addListener(handler);
    return () => browser.permissions.onRemoved.removeListener(handler);
  },
  contentScripts: () => browser.runtime.getManifest().content_scripts ?? [],
  onInstalledOrStartup(listener) {
    browser.runtime.onInstalled.addListener(() => listener());
    browser.runtime.onStartup.addListener(() => listener());
  },
};
