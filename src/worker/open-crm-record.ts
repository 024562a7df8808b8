// "Open in CRM" (popup header, notification click): bring forward a tab that shows the record where this
// number was last seen, else open that record's own URL (hash included) in a new tab. False when the number
// was never seen on a record Sidetext remembers (./crm-links.ts).
import type { TabsApi } from "../platform/tabs";
import type { RecordStore } from "./records";

export async function openCrmRecord(records: RecordStore, tabs: TabsApi, e164: string): Promise<boolean> {
  const seen = await records.lastSeen(e164);
  if (!seen) return false;
  // The tab it was seen in may have moved on to another record (on hash-routed CRMs, another hash): only a
  // tab on this very record will do.
  const same = (await records.get(seen.tabId))?.url === seen.url ? seen.tabId : null;
  const tabId = same ?? (await records.tabShowing(seen.url));
  if (tabId !== null && (await tabs.focus(tabId))) return true;
  await tabs.open(seen.url);
  return true;
}
