import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { layered } from "../layers/read-layered";
import { RECORD_PATH, SALESFORCE_REGION, readSalesforceRecord, salesforcePage } from "./read-record";

export const salesforce: SiteAdapter = {
  type: "salesforce",
  hosts: /\.(lightning\.force\.com|my\.salesforce\.com)$/,
  key: keyFromPath(RECORD_PATH),
  read: layered({ source: "salesforce", read: readSalesforceRecord, page: salesforcePage, region: SALESFORCE_REGION }),
  // Record pages swap in under one-record-home-flexipage2; fields and the header render as separate LWCs.
  watch: "one-record-home-flexipage2, records-record-layout-item, records-highlights2, lightning-formatted-phone, .oneContent",
};
