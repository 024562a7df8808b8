import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { layered } from "../layers/read-layered";
import { CLOSE_REGION, RECORD_PATH, closePage, readCloseRecord } from "./read-record";

export const close: SiteAdapter = {
  type: "close",
  hosts: /^app\.close\.com$/,
  key: keyFromPath(RECORD_PATH),
  read: layered({ source: "close", read: readCloseRecord, page: closePage, region: CLOSE_REGION }),
  watch: "[data-testid='lead-page'], [data-testid='lead-name'], [data-testid='contact-card'], [data-testid='lead-about'], .LeadPage",
};
