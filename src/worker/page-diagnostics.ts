// "What Sidetext sees on this page" (options) and the popup's "Enable Sidetext on <host>": the active web
// tab, whether Sidetext runs there, the record it read, or the first reason it has none.
import { builtInCrm, originPattern } from "../crm/enable-site";
import type { PageTab, PageTabs } from "../platform/page-tabs";
import type { PageStatus, PageStatusAnswer } from "../protocol/page-commands";
import type { EnabledSites } from "./enabled-sites";
import type { RecordStore } from "./records";

export async function pageStatus(deps: { tabs: PageTabs; sites: EnabledSites; records: RecordStore }, tab?: PageTab | null): Promise<PageStatus> {
  tab ??= await deps.tabs.activeWebTab();
  if (!tab) return { tabId: null, url: null, host: null, builtIn: null, enabled: false, running: false, record: null, reason: "no_tab" };
  const answer = await deps.tabs.send<PageStatusAnswer>(tab.id, { type: "sidetext:page-status" }).catch(() => null);
  const record = answer?.record ?? (await deps.records.get(tab.id));
  // Without the "tabs" permission Chrome shows a tab's URL only where Sidetext holds the host (or activeTab):
  // where our script runs, it says where it is.
  const url = tab.url ?? answer?.url ?? record?.url ?? null;
  const empty = { tabId: tab.id, url, host: null, builtIn: null, enabled: false, running: false, record: null };
  if (!url) return { ...empty, reason: "not_enabled" };
  const pattern = originPattern(url);
  if (!pattern) return { ...empty, reason: "unsupported" };
  const origin = pattern.slice(0, -2);
  const builtIn = builtInCrm(origin);
  const enabled = !builtIn && (await deps.sites.isEnabled(origin));
  const base = { ...empty, host: new URL(origin).host, builtIn, enabled };
  if (!answer?.running && !record) return { ...base, reason: builtIn || enabled ? "not_running" : "not_enabled" };
  const running = { ...base, running: true, record };
  if (!record) return { ...running, reason: answer && answer.recordKey === null ? "no_record_url" : "no_phone" };
  return { ...running, reason: record.phones.length ? "found" : "no_phone" };
}
