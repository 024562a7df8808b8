import type { PlasmoCSConfig } from "plasmo";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";
import { zoho } from "~src/crm/zoho/adapter";

// One host per Zoho data center.
export const config: PlasmoCSConfig = {
  matches: [
    "https://crm.zoho.com/*",
    "https://crm.zoho.eu/*",
    "https://crm.zoho.in/*",
    "https://crm.zoho.com.au/*",
    "https://crm.zoho.jp/*",
    "https://crm.zoho.com.cn/*",
    "https://crm.zoho.ca/*",
    "https://crm.zoho.sa/*",
    "https://crm.zoho.uk/*",
    "https://crm.zohocloud.ca/*",
  ],
  // From the start of the page: the panel loads while the CRM does, and the record is read as its markup arrives.
  run_at: "document_start",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(zoho, loadDefaultCountry());
