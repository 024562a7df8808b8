import type { PlasmoCSConfig } from "plasmo";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";
import { salesforce } from "~src/crm/salesforce/adapter";

export const config: PlasmoCSConfig = {
  matches: ["https://*.lightning.force.com/*", "https://*.my.salesforce.com/*"],
  run_at: "document_idle",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(salesforce, loadDefaultCountry());
