import type { GenericAdapter } from "../adapter";
import { pageKey, readGenericRecord } from "./read-record";

/** Any page the rep enabled; `country` reads numbers written without a country code. */
export function genericAdapter(country = "US"): GenericAdapter {
  return {
    type: "generic",
    key: pageKey,
    read: (document, location, override) => readGenericRecord(document, location, override ?? country),
    watch: null,
  };
}
