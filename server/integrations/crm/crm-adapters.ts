// One adapter (one vendor client, its credentials opened once, its owner caches) per CRM connection for the
// server's life, not one per job: opening the credentials and building a client per text was most of a
// logged text's CPU. The row's fingerprint (updatedAt, sealed credentials, address, state) is checked on
// every use, so a new token or address set by an admin is used from the next batch on.
// Also kept per connection: how long the CRM asked us to wait (a 429's Retry-After), which holds every job
// of that connection, not only the one that met the 429 (rate limits are per account).
import type { ServerContext } from "../../context";
import type { CrmAdapter } from "./crm-adapter";
import { adapterOf } from "./crm-connections.service";
import type { CrmConnectionRow } from "./crm-connections.repository";

interface Kept {
  fingerprint: string;
  adapter: Promise<CrmAdapter>;
  /** Epoch ms before which this connection's CRM is not asked anything (its 429's Retry-After). */
  waitUntil: number;
}

const kept = new WeakMap<ServerContext, Map<string, Kept>>();

const fingerprintOf = (row: CrmConnectionRow) => `${row.updatedAt}|${row.apiBase}|${row.credentialsEncrypted}|${row.state}`;

function keptFor(ctx: ServerContext, row: CrmConnectionRow): Kept {
  const byId = kept.get(ctx) ?? new Map<string, Kept>();
  kept.set(ctx, byId);
  const fingerprint = fingerprintOf(row);
  let entry = byId.get(row.id);
  if (!entry || entry.fingerprint !== fingerprint) {
    const adapter = adapterOf(ctx, row);
    // A connection that cannot be opened (a key changed under it) is tried afresh next time, not kept broken.
    adapter.catch(() => byId.delete(row.id));
    entry = { fingerprint, adapter, waitUntil: entry?.waitUntil ?? 0 };
    byId.set(row.id, entry);
  }
  return entry;
}

/** The connection's adapter, built once per version of its row. */
export const connectionAdapter = (ctx: ServerContext, row: CrmConnectionRow) => keptFor(ctx, row).adapter;

/** Until when (epoch ms) the connection's CRM asked to be left alone; 0 when it did not. */
export const waitingUntil = (ctx: ServerContext, row: CrmConnectionRow) => keptFor(ctx, row).waitUntil;

export function waitForCrm(ctx: ServerContext, row: CrmConnectionRow, until: number): void {
  const entry = keptFor(ctx, row);
  entry.waitUntil = Math.max(entry.waitUntil, until);
}
