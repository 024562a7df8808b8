// Zoho CRM detail pages: /crm[/org<id>]/tab/Contacts|Leads/<id> on crm.zoho.com, .eu, .in, .com.au…
// Every field value is `#value_<API name>` beside its `.crmLabel`; the header shows the name and the
// account or company. "Show Details" collapses sections with display:none, and they stay in the DOM.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/crm\/(?:org\d+\/)?tab\/(Contacts|Leads)\/(\d+)(?:\/|$)/;

const VALUE = "[id^='value_']";
const TITLE = "#dv_title";
const HEADER_COMPANY = "#dv_header_company";

/** Zoho's standard phone fields; custom fields with a tel: link count as "other" unless named fax. */
const PHONE_LABELS: Record<string, CrmPhone["label"]> = {
  Phone: "work",
  Mobile: "mobile",
  Home_Phone: "home",
  Other_Phone: "other",
  Asst_Phone: "other",
};

const RENAMES: Record<string, string> = { Account_Name: "company", Full_Name: "name", Designation: "title" };

export function readZohoRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, module, id] = match;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const value of document.querySelectorAll(VALUE)) {
    const apiName = value.id.slice("value_".length);
    if (!apiName || !isShown(value, cache)) continue;
    const isPhone = apiName in PHONE_LABELS || value.querySelector("a[href^='tel:']");
    if (isPhone) {
      const label = textOf(document.getElementById(`label_${apiName}`));
      if (!isFaxLabel(apiName) && !isFaxLabel(label)) addPhone(phones, readPhone(textOf(value), PHONE_LABELS[apiName] ?? labelFromText(label), country));
      continue;
    }
    addField(fields, RENAMES[apiName] ?? fieldKey(apiName), textOf(value));
  }
  const title = document.querySelector(TITLE);
  const name = (title && isShown(title, cache) ? textOf(title) : "") || fields.name || null;
  if (!name) return null; // The detail view is still loading.
  delete fields.name;
  const header = document.querySelector(HEADER_COMPANY);
  const company = (header && isShown(header, cache) ? textOf(header) : "") || fields.company || null;
  const kind = module === "Contacts" ? "contact" : "lead";
  const url = `${new URL(location.href).origin}${location.pathname.slice(0, match.index + match[0].length).replace(/\/$/, "")}`;
  return { source: "zoho", kind, name, company, url, phones, fields };
}
