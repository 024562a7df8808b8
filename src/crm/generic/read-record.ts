// The record on a page we know nothing about: the phone numbers in its main content (labelled fields, tel:
// and sms: links), its record header as the name. An app that routes by hash (#/contacts/12/show) shows a
// different record per hash, so the hash is part of the record's key and URL.
import type { CrmRecord } from "~src/protocol/record";
import { inOneRead } from "../dom/deep-query";
import type { PageLocation } from "../page";
import { detectPhones } from "./detect-phones";
import { recordName } from "./record-name";
import { recordRegion } from "./region";

/** "#/contacts/12/show", "#!/deal/4": a route. "#notes", "#top": an anchor within the page. */
const HASH_ROUTE = /^#!?\//;

/** The page's address as a record key: without an anchor, with a hash route. */
export function pageKey(location: Pick<PageLocation, "href" | "hash">): string {
  const bare = location.href.replace(/#.*$/, "");
  return HASH_ROUTE.test(location.hash) ? bare + location.hash : bare;
}

export function readGenericRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  return inOneRead((): CrmRecord | null => {
    const region = recordRegion(document) ?? document.documentElement;
    const found = detectPhones(region, country);
    if (found.length === 0) return null;
    const name = recordName(
      region,
      found.map((d) => d.element),
    );
    const title = document.title.trim();
    return {
      source: "generic",
      kind: "page",
      name,
      company: null,
      url: pageKey(location),
      phones: found.map((d) => d.phone),
      fields: title ? { pageTitle: title } : {},
    };
  });
}
