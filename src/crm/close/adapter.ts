import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { RECORD_PATH, readCloseRecord } from "./read-record";

export const close: SiteAdapter = {
  type: "close",
  hosts: /^app\.close\.com$/,
  key: keyFromPath(RECORD_PATH),
  read: readCloseRecord,
  watch: "[data-testid='lead-page'], [data-testid='lead-name'], [data-testid='contact-card'], [data-testid='lead-about']",
};
