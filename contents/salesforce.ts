import type { PlasmoCSConfig } from "plasmo";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";
import { salesforce } from "~src/crm/salesforce/adapter";

export const config: PlasmoCSConfig = {
  matches: ["https://*.lightning.force.com/*", "https://*.my.salesforce.com/*"],
  // From the start of the page: the panel loads while the CRM does, and the record is read as its markup arrives.
  run_at: "document_start",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(salesforce, loadDefaultCountry());
