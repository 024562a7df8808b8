// CRM records open in tabs, as content scripts report them: per tab in storage.session (tab ids die with
// the browser session). Where each phone number was last seen (for a notification click to bring back the
// CRM tab or its URL) is ./crm-links.ts, in IndexedDB.
import type { CrmPhone, CrmRecord } from "../protocol/record";
import type { KeyValueStore } from "../platform/storage";
import type { CrmLinks, SeenAt } from "./crm-links";

export type { SeenAt } from "./crm-links";

const RECORDS = "recordsByTab";
/** A number the rep gave for the tab's record: typed in the panel, picked on the page, or from the context menu. */
export interface PickedNumber {
  phone: CrmPhone;
  at: string;
}
type RecordsByTab = Record<string, { record: CrmRecord; at: string; picked?: PickedNumber }>;

export type RecordStore = ReturnType<typeof createRecordStore>;

export function createRecordStore(deps: { session: KeyValueStore; links: CrmLinks; now?: () => number }) {
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();
  const listeners = new Set<(tabId: number) => void>();
  const changed = (tabId: number) => {
    for (const l of listeners) l(tabId);
  };
  // Writes are serialised: two tabs reporting at once must not overwrite each other's read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };

  return {
    /** `chosen`: the number whose "Text" button the rep clicked on the page, one of the record's. */
    opened: (tabId: number, record: CrmRecord, chosen?: string) =>
      serial(async () => {
        const at = now();
        const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
        const previous = records[tabId];
        // A pick belongs to the record it was made on: another record (a new URL) starts without one.
        let picked = previous?.record.url === record.url ? previous.picked : undefined;
        const clicked = chosen === undefined ? undefined : record.phones.find((p) => p.e164 === chosen);
        if (clicked) picked = { phone: clicked, at };
        records[tabId] = { record, at, ...(picked ? { picked } : {}) };
        await deps.session.set(RECORDS, records);
        changed(tabId);
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
    /** The number the rep gave for the tab's record; false when the tab shows no record. */
    pick: (tabId: number, phone: CrmPhone) =>
      serial(async () => {
        const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
        const entry = records[tabId];
        if (!entry) return false;
        records[tabId] = { ...entry, picked: { phone, at: now() } };
        await deps.session.set(RECORDS, records);
        changed(tabId);
        return true;
      }),
    /** Tabs that show a record now. */
    async tabIds(): Promise<number[]> {
      return Object.keys((await deps.session.get<RecordsByTab>(RECORDS)) ?? {}).map(Number);
    },
    async picked(tabId: number): Promise<PickedNumber | null> {
      return (await deps.session.get<RecordsByTab>(RECORDS))?.[tabId]?.picked ?? null;
    },
    /** A tab whose open record is at `url`, if any. */
    async tabShowing(url: string): Promise<number | null> {
      const records = (await deps.session.get<RecordsByTab>(RECORDS)) ?? {};
      const hit = Object.entries(records).find(([, r]) => r.record.url === url);
      return hit ? Number(hit[0]) : null;
    },
    lastSeen: (e164: string): Promise<SeenAt | null> => deps.links.lastSeen(e164),
    /** A number was seen on a record (threads show "Open in CRM"). */
    onSeen: (listener: () => void) => deps.links.onSeen(listener),
    onChange(listener: (tabId: number) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
