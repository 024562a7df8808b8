import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { RECORD_PATH, readSalesforceRecord } from "./read-record";

export const salesforce: SiteAdapter = {
  type: "salesforce",
  hosts: /\.(lightning\.force\.com|my\.salesforce\.com)$/,
  key: keyFromPath(RECORD_PATH),
  read: readSalesforceRecord,
  // Record pages swap in under one-record-home-flexipage2; fields and the header render as separate LWCs.
  watch: "one-record-home-flexipage2, records-record-layout-item, records-highlights2, lightning-formatted-phone, .oneContent",
};
