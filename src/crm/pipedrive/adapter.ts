import type { SiteAdapter } from "../adapter";
import { keyFromPath } from "../adapter";
import { RECORD_PATH, readPipedriveRecord } from "./read-record";

export const pipedrive: SiteAdapter = {
  type: "pipedrive",
  hosts: /\.pipedrive\.com$/,
  key: keyFromPath(RECORD_PATH),
  read: readPipedriveRecord,
  watch: ".fieldsList, [data-test='header-title'], [data-test='detail-header'], [data-test='detail-sidebar']",
};
