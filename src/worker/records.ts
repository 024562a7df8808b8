// CRM records open in tabs, as content scripts report them: per tab in storage.session (tab ids die with
// the browser session), and where each phone number was last seen in storage.local, so a notification
// click can bring back the CRM tab (or its URL) where the rep last looked at that contact.
import type { CrmRecord } from "../protocol/record";
import type { KeyValueStore } from "../platform/storage";

const RECORDS = "recordsByTab";
const SEEN = "phoneLastSeen";
const MAX_SEEN = 500;

export interface SeenAt {
  tabId: number;
  url: string;
  /** The record's display name and CRM (absent in entries written before they were kept). */
  name?: string | null;
  source?: CrmRecord["source"];
  at: string;
}
type RecordsByTab = Record<string, { record: CrmRecord; at: string }>;

export type RecordStore = ReturnType<typeof createRecordStore>;

export function createRecordStore(deps: { session: KeyValueStore; local: KeyValueStore; now?: () => number }) {
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();
  const listeners = new Set<(tabId: number) => void>();
  const changed = (tabId: number) => listeners.forEach((l) => l(tabId));
  const seenListeners = new Set<() => void>();
  // Writes are serialised: two tabs reporting at once must not overwrite each other's read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };

  return {
    opened: (tabId: number, record: CrmRecord) =>
      serial(async () => {
        const at = now();
        const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
        records[tabId] = { record, at };
        await deps.session.set(RECORDS, records);
        const seen = (await deps.local.get<Record<string, SeenAt>>(SEEN)) ?? {};
        for (const phone of record.phones) seen[phone.e164] = { tabId, url: record.url, name: record.name, source: record.source, at };
        const newest = Object.entries(seen).sort((a, b) => b[1].at.localeCompare(a[1].at)).slice(0, MAX_SEEN);
        await deps.local.set(SEEN, Object.fromEntries(newest));
        changed(tabId);
        seenListeners.forEach((l) => l());
      }),
    closed: (tabId: number) =>
      serial(async () => {
        const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
        if (!(tabId in records)) return;
        delete records[tabId];
        await deps.session.set(RECORDS, records);
        changed(tabId);
      }),
    async get(tabId: number): Promise<CrmRecord | null> {
      return (await deps.session.get<RecordsByTab>(RECORDS))?.[tabId]?.record ?? null;
    },
    /** A tab whose open record is at `url`, if any. */
    async tabShowing(url: string): Promise<number | null> {
      const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
      const hit = Object.entries(records).find(([, r]) => r.record.url === url);
      return hit ? Number(hit[0]) : null;
    },
    async lastSeen(e164: string): Promise<SeenAt | null> {
      return (await deps.local.get<Record<string, SeenAt>>(SEEN))?.[e164] ?? null;
    },
    /** A number was seen on a record (threads show "Open in CRM"). */
    onSeen(listener: () => void) {
      seenListeners.add(listener);
      return () => seenListeners.delete(listener);
    },
    onChange(listener: (tabId: number) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
