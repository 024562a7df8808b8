import type { PlasmoCSConfig } from "plasmo";
import { pipedrive } from "~src/crm/pipedrive/adapter";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";

export const config: PlasmoCSConfig = {
  matches: ["https://*.pipedrive.com/*"],
  // From the start of the page: the panel loads while the CRM does, and the record is read as its markup arrives.
  run_at: "document_start",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(pipedrive, loadDefaultCountry());
