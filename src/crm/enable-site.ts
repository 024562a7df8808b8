// "Enable Sidetext on this site" (popup/options): ask for the tab's origin as an optional host permission,
// then register the generic content script there (kept across browser restarts) and run it in the tab now.
// Call from the click handler itself: Chrome only grants permissions.request during a user gesture.
import { browser, type Tabs } from "~src/platform/browser";
import { siteAdapters } from "./adapters";

/** contents/generic.ts declares this never-matching pattern so Plasmo builds it and lists it in the manifest. */
export const GENERIC_PLACEHOLDER_MATCH = "https://sidetext.invalid/*";
const SCRIPT_ID_PREFIX = "sidetext-generic:";

export type EnableResult =
  | { ok: true; origin: string; builtIn: boolean }
  | { ok: false; reason: "unsupported_page" | "permission_denied" | "script_missing" | "failed"; message?: string };

/** "https://portal.example.com/*" for a web page; null for chrome://, file:, the Web Store… */
export function originPattern(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, host } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? `${protocol}//${host}/*` : null;
  } catch {
    return null;
  }
}

/** The built file of contents/generic.ts, read from our own manifest (Plasmo hashes its name). */
export function genericScriptFile(manifest: { content_scripts?: { matches?: string[]; js?: string[] }[] } = browser.runtime.getManifest()): string | null {
  const entry = manifest.content_scripts?.find((cs) => cs.matches?.includes(GENERIC_PLACEHOLDER_MATCH));
  return entry?.js?.[0] ?? null;
}

export async function enableSiteForTab(tab: Pick<Tabs.Tab, "id" | "url">): Promise<EnableResult> {
  const pattern = originPattern(tab.url);
  if (!pattern) return { ok: false, reason: "unsupported_page" };
  const origin = pattern.slice(0, -2);
  if (siteAdapters.some((a) => a.hosts.test(new URL(origin).hostname))) return { ok: true, origin, builtIn: true };
  const granted = await browser.permissions.request({ origins: [pattern] }).catch(() => false); // first await: keeps the gesture
  if (!granted) return { ok: false, reason: "permission_denied" };
  const file = genericScriptFile();
  if (!file) return { ok: false, reason: "script_missing" };
  try {
    const id = SCRIPT_ID_PREFIX + origin;
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
    if (existing.length === 0) {
      await browser.scripting.registerContentScripts([{ id, matches: [pattern], js: [file], runAt: "document_idle", persistAcrossSessions: true }]);
    }
    if (tab.id !== undefined) await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [file] });
    return { ok: true, origin, builtIn: false };
  } catch (error) {
    return { ok: false, reason: "failed", message: String(error) };
  }
}

/** Stops running on the tab's site from the next page load, and gives the permission back. */
export async function disableSiteForTab(tab: Pick<Tabs.Tab, "url">): Promise<void> {
  const pattern = originPattern(tab.url);
  if (!pattern) return;
  await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID_PREFIX + pattern.slice(0, -2)] }).catch(() => undefined);
  await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}

/** Whether the popup should offer "Enable" or "Disable" for this tab. */
export async function isSiteEnabled(tab: Pick<Tabs.Tab, "url">): Promise<boolean> {
  const pattern = originPattern(tab.url);
  if (!pattern) return false;
  const ids = [SCRIPT_ID_PREFIX + pattern.slice(0, -2)];
  return (await browser.scripting.getRegisteredContentScripts({ ids }).catch(() => [])).length > 0;
}
