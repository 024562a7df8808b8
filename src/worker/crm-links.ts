// Where each phone number was last seen on a CRM record, for "Open in CRM" and notification clicks: the
// record's own URL (hash included, for hash-routed CRMs), its name and CRM. Kept in the worker's IndexedDB,
// not storage.local (which every content script can read), and cleared at sign-out with the cache.
// Remembered only for records read on a built-in CRM or a site the rep enabled, and only when the record's
// URL is on the page that reported it: a page that merely shows a number cannot take over "Open in CRM".
import type { CrmLinkRow } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import type { KeyValueStore } from "../platform/storage";
import type { MessageSender } from "../platform/messaging";
import type { CrmRecord } from "../protocol/record";
import { isBuiltInCrm } from "../crm/enable-site";

/** Where phoneLastSeen lived before (storage.local): moved here once, then deleted. */
export const LEGACY_KEY = "phoneLastSeen";
const MAX_LINKS = 500;

export interface SeenAt {
  tabId: number;
  url: string;
  name?: string | null;
  source?: CrmRecord["source"];
  at: string;
}

export type CrmLinks = ReturnType<typeof createCrmLinks>;

/** The web origin of `url` (http/https only), else null. */
function webOrigin(url: string | null | undefined): string | null {
  try {
    const parsed = new URL(url ?? "");
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function createCrmLinks(deps: {
  db: SidetextDb;
  /** The rep enabled Sidetext on this origin (src/worker/enabled-sites.ts). */
  isEnabledSite: (origin: string) => Promise<boolean>;
  legacy?: KeyValueStore;
  now?: () => number;
}) {
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();
  const listeners = new Set<() => void>();

  /** A record's URL may be remembered: http(s), on a built-in CRM or an enabled site. */
  async function trusted(url: string): Promise<boolean> {
    const origin = webOrigin(url);
    return !!origin && (isBuiltInCrm(origin) || (await deps.isEnabledSite(origin)));
  }

  async function keepNewest() {
    const count = await deps.db.crmLinks.count();
    if (count <= MAX_LINKS) return;
    const oldest = await deps.db.crmLinks
      .orderBy("at")
      .limit(count - MAX_LINKS)
      .primaryKeys();
    await deps.db.crmLinks.bulkDelete(oldest);
  }

  return {
    /** The content script in `sender`'s tab read `record`; false when it is not one to remember. */
    async remember(sender: MessageSender, record: CrmRecord): Promise<boolean> {
      if (sender.tabId === null || !record.phones.length) return false;
      const origin = webOrigin(record.url);
      if (!origin || origin !== webOrigin(sender.url) || !(await trusted(record.url))) return false;
      const at = now();
      const rows = record.phones.map(
        (p): CrmLinkRow => ({ e164: p.e164, tabId: sender.tabId!, url: record.url, name: record.name, source: record.source, at }),
      );
      const before = await deps.db.crmLinks.bulkGet(rows.map((r) => r.e164));
      await deps.db.crmLinks.bulkPut(rows);
      await keepNewest();
      // Threads show the link's record (url, name, CRM): seeing the same record again changes none of them,
      // and recomputing every open thread on each record switch competed with the panel's first snapshots.
      const shown = (r: CrmLinkRow | undefined) => r && JSON.stringify([r.url, r.name, r.source]);
      if (rows.some((r, i) => shown(r) !== shown(before[i]))) for (const l of listeners) l();
      return true;
    },
    async lastSeen(e164: string): Promise<SeenAt | null> {
      const row = await deps.db.crmLinks.get(e164);
      if (!row) return null;
      return { tabId: row.tabId, url: row.url, name: row.name, source: row.source as CrmRecord["source"], at: row.at };
    },
    /** The numbers last seen on the record at `url` (the panel's page is rendered for one of them). */
    async atUrl(url: string): Promise<CrmLinkRow[]> {
      return deps.db.crmLinks.filter((row) => row.url === url).toArray();
    },
    /** Moves what older versions kept in storage.local (trusted URLs only) and deletes the key. */
    async migrate(): Promise<void> {
      if (!deps.legacy) return;
      const old = await deps.legacy.get<Record<string, SeenAt>>(LEGACY_KEY);
      if (old === undefined) return;
      const rows: CrmLinkRow[] = [];
      for (const [e164, seen] of Object.entries(old ?? {})) {
        if (seen && typeof seen.url === "string" && (await trusted(seen.url))) {
          rows.push({ e164, tabId: seen.tabId, url: seen.url, name: seen.name ?? null, source: seen.source ?? "generic", at: seen.at });
        }
      }
      // Only when someone is signed in: the links belong to the session, and sign-out clears them.
      if (rows.length && (await deps.db.getMeta("session"))) await deps.db.crmLinks.bulkPut(rows);
      await deps.legacy.remove(LEGACY_KEY);
      if (rows.length) for (const l of listeners) l();
    },
    /** A number was seen on a record (threads show "Open in CRM"). */
    onSeen(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
