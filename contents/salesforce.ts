import type { PlasmoCSConfig } from "plasmo";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";
import { salesforce } from "~src/crm/salesforce/adapter";

export const config: PlasmoCSConfig = {
  matches: ["https://*.lightning.force.com/*", "https://*.my.salesforce.com/*"],
  run_at: "document_idle",
};

void loadDefaultCountry().then((country) => runContentScript(salesforce, country));
