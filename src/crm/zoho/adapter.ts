import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { layered } from "../layers/read-layered";
import { RECORD_PATH, ZOHO_REGION, readZohoRecord, zohoPage } from "./read-record";

export const zoho: SiteAdapter = {
  type: "zoho",
  // One host per Zoho data center.
  hosts: /^crm\.(zoho\.(com|eu|in|com\.au|jp|com\.cn|ca|sa|uk)|zohocloud\.ca)$/,
  key: keyFromPath(RECORD_PATH),
  read: layered({ source: "zoho", read: readZohoRecord, page: zohoPage, region: ZOHO_REGION }),
  watch: "#crm_detailview, [id^='value_'], [data-zcqa^='value_'], #dv_title, .dvSection, crux-detailpage-wrapper",
};
