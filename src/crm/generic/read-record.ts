// The record on a page we know nothing about: its phone numbers, its main heading as the name.
import type { CrmRecord } from "~src/protocol/record";
import type { PageLocation } from "../page";
import { isShown, textOf } from "../visible";
import { detectPhones } from "./detect-phones";

export function readGenericRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const phones = detectPhones(document, country).map((d) => d.phone);
  if (phones.length === 0) return null;
  const heading = [...document.querySelectorAll("h1")].find((h) => isShown(h));
  const title = document.title.trim();
  const name = textOf(heading) || title || null;
  const url = location.href.replace(/#.*$/, "");
  return { source: "generic", kind: "page", name, company: null, url, phones, fields: title ? { pageTitle: title } : {} };
}
