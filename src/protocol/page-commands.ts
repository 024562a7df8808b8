// Commands about the web page beside the views (src/protocol/messages.ts spreads them into Command): the
// number the rep gives the panel, enabling Sidetext on a site, and what Sidetext sees on the active tab.
import { z } from "zod";
import type { CrmPhone, CrmRecord } from "./record";

export const pageCommands = [
  /** Panel: the rep typed a number (any format) for the record open in the panel's tab. */
  z.object({ type: z.literal("panel.useNumber"), raw: z.string().trim().min(1).max(64) }),
  /** Panel: the content script of the panel's tab lets the rep click or select a number on the page. */
  z.object({ type: z.literal("panel.pickNumber") }),
  /** Popup, options: the active web tab, and what Sidetext sees there. */
  z.object({ type: z.literal("page.status") }),
  /** Popup: after the rep granted the site's origin, register Sidetext there and run it in the tab now. */
  z.object({ type: z.literal("site.enable"), tabId: z.number().int().nonnegative() }),
  /** Options: stop running on a site the rep enabled, and give its permission back. */
  z.object({ type: z.literal("site.remove"), origin: z.string().url().max(300) }),
  z.object({ type: z.literal("sites.list") }),
] as const;

export interface EnabledSite {
  /** "https://crm.example.org" */
  origin: string;
  enabledAt: string;
}

/** Why a page shows no record, in the order Sidetext checks. */
export type PageReason =
  | "no_tab" // no web page open in the last focused window
  | "unsupported" // chrome://, file:, the Web Store…
  | "not_enabled" // not a built-in CRM, not enabled by the rep (or no permission to see it)
  | "not_running" // enabled, but the script is not on this page yet (opened before: reload it)
  | "no_record_url" // Sidetext runs, but this URL is not a record (a list, a dashboard)
  | "no_phone" // a record without any phone number Sidetext could read
  | "found"; // a record with its numbers

export interface PageStatus {
  tabId: number | null;
  url: string | null;
  /** "crm.example.org" */
  host: string | null;
  /** The built-in CRM for this host ("salesforce"…), null elsewhere. */
  builtIn: string | null;
  /** The rep enabled Sidetext on this origin. */
  enabled: boolean;
  /** The content script answered from the page. */
  running: boolean;
  record: CrmRecord | null;
  reason: PageReason;
}

export interface PageCommandData {
  "panel.useNumber": { phone: CrmPhone };
  /** Null when the rep cancelled (Escape) or the page closed. */
  "panel.pickNumber": { phone: CrmPhone | null };
  "page.status": PageStatus;
  "site.enable": { origin: string };
  "site.remove": null;
  "sites.list": { sites: EnabledSite[] };
}

/** Worker → content script (tabs.sendMessage), answered by src/crm/worker-requests.ts. */
export type PageRequest =
  | { type: "sidetext:page-status" }
  | { type: "sidetext:pick-number" }
  | { type: "sidetext:show-panel" }
  /** The rep's dock: "sidepanel" hides the panel inside the page (Chrome's side panel shows it). */
  | { type: "sidetext:dock"; dock: "page" | "sidepanel" }
  | { type: "sidetext:stop" };
export interface PageStatusAnswer {
  running: true;
  /** The page's address: the worker may not read a tab's URL (no "tabs" permission). */
  url: string;
  /** The adapter's key for this URL; null when the URL is not a record. */
  recordKey: string | null;
  record: CrmRecord | null;
}
/** The text the rep clicked or selected (the worker reads the number in it), or null when cancelled. */
export type PickAnswer = { text: string | null };
