import type { PlasmoCSConfig } from "plasmo";
import { close } from "~src/crm/close/adapter";
import { loadDefaultCountry } from "~src/crm/default-country";
import { runContentScript } from "~src/crm/run-content-script";

export const config: PlasmoCSConfig = {
  matches: ["https://app.close.com/*"],
  run_at: "document_idle",
};

// The country comes from the worker while the panel's address is asked for: neither waits for the other.
runContentScript(close, loadDefaultCountry());
