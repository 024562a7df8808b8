import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { layered } from "../layers/read-layered";
import { PIPEDRIVE_REGION, RECORD_PATH, pipedrivePage, readPipedriveRecord } from "./read-record";

export const pipedrive: SiteAdapter = {
  type: "pipedrive",
  hosts: /\.pipedrive\.com$/,
  key: keyFromPath(RECORD_PATH),
  read: layered({ source: "pipedrive", read: readPipedriveRecord, page: pipedrivePage, region: PIPEDRIVE_REGION }),
  watch: ".fieldsList, [data-test='header-title'], [data-test='detail-header'], [data-test='detail-sidebar'], .detailView",
};
