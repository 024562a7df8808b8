import type { PlasmoCSConfig } from "plasmo";
import { hubspot } from "~src/crm/hubspot/adapter";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";

export const config: PlasmoCSConfig = {
  matches: ["https://app.hubspot.com/*", "https://app-eu1.hubspot.com/*", "https://app-na2.hubspot.com/*"],
  // From the start of the page: the panel loads while the CRM does, and the record is read as its markup arrives.
  run_at: "document_start",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(hubspot, loadDefaultCountry());
