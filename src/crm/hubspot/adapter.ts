import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { layered } from "../layers/read-layered";
import { HUBSPOT_REGION, RECORD_PATH, hubspotPage, readHubspotRecord } from "./read-record";

export const hubspot: SiteAdapter = {
  type: "hubspot",
  // app.hubspot.com, and the data-center hosts such as app-eu1.hubspot.com.
  hosts: /^app(-[a-z0-9]+)?\.hubspot\.com$/,
  key: keyFromPath(RECORD_PATH),
  read: layered({ source: "hubspot", read: readHubspotRecord, page: hubspotPage, region: HUBSPOT_REGION }),
  watch:
    "[data-profile-property], [data-selenium-test='highlightTitle'], [data-selenium-test^='association-card'], [data-test-id='left-sidebar'], [data-test-id='record-page']",
};
