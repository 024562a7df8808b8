// The hosted worker's stand-in for src/crm/pick-adapter (swapped in by web/vite.config.ts): the web app has
// no CRM tabs (src/platform/web/page-tabs, site-access), so no origin it sees is a built-in CRM's, and the
// adapters (page readers with their own phone metadata, ~100 KB) stay out of the worker that every first
// screen waits for.
import type { SiteAdapter } from "~src/crm/adapter";

export const siteAdapters: readonly SiteAdapter[] = [];
