// Picks the adapter for a page. Content scripts import their own site's adapter directly (smaller
// bundles); this list serves the benchmark, tests and anything that must decide from a URL.
import type { Adapter, SiteAdapter } from "./adapter";
import { close } from "./close/adapter";
import { genericAdapter } from "./generic/adapter";
import { hubspot } from "./hubspot/adapter";
import type { PageLocation } from "./page";
import { pipedrive } from "./pipedrive/adapter";
import { salesforce } from "./salesforce/adapter";
import { zoho } from "./zoho/adapter";

export type { Adapter, GenericAdapter, SiteAdapter } from "./adapter";

export const siteAdapters: readonly SiteAdapter[] = [salesforce, hubspot, pipedrive, zoho, close];

/** The CRM adapter for this host, or the generic one (pages the rep enabled). */
export function adapterFor(location: Pick<PageLocation, "hostname">, country = "US"): Adapter {
  return siteAdapters.find((a) => a.hosts.test(location.hostname)) ?? genericAdapter(country);
}
