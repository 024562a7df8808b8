import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { RECORD_PATH, readZohoRecord } from "./read-record";

export const zoho: SiteAdapter = {
  type: "zoho",
  // One host per Zoho data center.
  hosts: /^crm\.(zoho\.(com|eu|in|com\.au|jp|com\.cn|ca|sa|uk)|zohocloud\.ca)$/,
  key: keyFromPath(RECORD_PATH),
  read: readZohoRecord,
  watch: "#crm_detailview, [id^='value_'], #dv_title, .dvSection",
};
