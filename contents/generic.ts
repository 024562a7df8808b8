// Any site the rep enabled (src/crm/enable-site.ts registers this file for that origin at run time). The
// placeholder match never matches a real page: it only makes Plasmo build the script and list it.
import type { PlasmoCSConfig } from "plasmo";
import { loadDefaultCountry } from "~src/crm/default-country";
import { genericAdapter } from "~src/crm/generic/adapter";
import { runContentScript } from "~src/crm/run-content-script";

export const config: PlasmoCSConfig = {
  matches: ["https://sidetext.invalid/*"],
  run_at: "document_idle",
};

void loadDefaultCountry().then((country) => runContentScript(genericAdapter(country), country));
