// Reading a record in layers. The CRM's own reader ("site") runs first; when the URL says "record" but it
// found no phone (the CRM changed its markup, an org renders fields another way), the record's region is read
// by the labelled-field reader ("labelled") and for tel:/sms: links ("link"). Every phone says which layer found
// it (`foundBy`) and where (`placeOf`).
import type { CrmRecord, CrmSource } from "~src/protocol/record";
import type { Adapter } from "../adapter";
import { inOneRead } from "../dom/deep-query";
import { detectPhones } from "../generic/detect-phones";
import { recordName } from "../generic/record-name";
import { recordRegion } from "../generic/region";
import type { PageLocation, ReadRecord } from "../page";
import { placeOf } from "../places";

export interface SiteReader {
  source: Exclude<CrmSource, "generic">;
  read: ReadRecord;
  /** What the URL alone says: the record's kind and its canonical URL (null: not a record page). */
  page(location: PageLocation): { kind: string; url: string } | null;
  /** The record's container on this CRM, hooks in order; the page's body (minus its chrome) when none is shown. */
  region: string;
}

export function layered(site: SiteReader): ReadRecord {
  return (document, location, country = "US") =>
    inOneRead(() => {
      const record = site.read(document, location, country);
      if (record && record.phones.length > 0) return record;
      const page = site.page(location);
      if (!page) return record;
      const region = recordRegion(document, site.region, false) ?? document.body;
      if (!region) return record;
      const found = detectPhones(region, country, site.source, true);
      if (record) return found.length ? { ...record, phones: found.map((d) => d.phone) } : record;
      // The site reader found neither name nor phone: the record header names it. Without a header and a
      // phone there is no record on screen yet (still loading, or a list still showing under the new URL).
      const name = recordName(
        region,
        found.map((d) => d.element),
      );
      if (!name && found.length === 0) return null;
      return { source: site.source, kind: page.kind, name, company: null, url: page.url, phones: found.map((d) => d.phone), fields: {} };
    });
}

export interface PhonePlace {
  phone: CrmRecord["phones"][number];
  /** The element the number was read from: a field value, a tel: link, a read-only input, a text's parent. */
  element: Element;
}

/**
 * The open record and where each of its phones sits on the page, for "Text" buttons beside plain-text numbers.
 * The same as `adapter.read`, plus `places`; `placeOf(phone)` answers the same for a record read earlier.
 */
export function readRecordWithPlaces(
  adapter: Pick<Adapter, "read">,
  document: Document,
  location: PageLocation,
  country?: string,
): { record: CrmRecord | null; places: PhonePlace[] } {
  const record = adapter.read(document, location, country);
  const places: PhonePlace[] = [];
  for (const phone of record?.phones ?? []) {
    const element = placeOf(phone);
    if (element) places.push({ phone, element });
  }
  return { record, places };
}
