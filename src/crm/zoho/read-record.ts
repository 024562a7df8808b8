// Zoho CRM detail pages: /crm[/org<id>]/tab/Contacts|Leads/<id> on crm.zoho.com, .eu, .in, .com.au…
// Every field value is `#value_<API name>` (and `data-zcqa="value_<API name>"`) beside its `.crmLabel`; the
// newer "crux" detail page renders `crux-detailpage-field-details` components with the same `data-zcqa` hooks
// and the name in `#recHeader1`. "Show Details" collapses sections with display:none; they stay in the DOM.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { deepClosest, deepQuery } from "../dom/deep-query";
import { allShown, firstShown } from "../dom/first-shown";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { textOf } from "../visible";

export const RECORD_PATH = /^\/crm\/(?:org\d+\/)?tab\/(Contacts|Leads)\/(\d+)(?:\/|$)/;

const VALUE = ["[id^='value_']", "[data-zcqa^='value_']"];
const ROW = ".dvFieldRow, .cxDvBcInfoFormRow";
const ROW_LABEL = ".crmLabel, .cxDvInfoFormField, [data-zcqa^='dtVw_lbl_']";
const TITLE = ["#dv_title", "[data-zcqa='dv_title']", "#recHeader1", "crux-detailpage-header >> #recHeader1", ".dvTitle", ".cxDvRecordHeader1"];
const HEADER_COMPANY = ["#dv_header_company", "#recHeader2", "crux-detailpage-header >> #recHeader2", ".dvHeaderSubtitle", ".cxDvRecordHeader2"];
export const ZOHO_REGION = "#crm_detailview, crux-detailpage-wrapper, [role=main], main";

/** Zoho's standard phone fields; custom fields with a tel: link count as "other" unless named fax. */
const PHONE_LABELS: Record<string, CrmPhone["label"]> = {
  Phone: "work",
  Mobile: "mobile",
  Home_Phone: "home",
  Other_Phone: "other",
  Asst_Phone: "other",
};

const RENAMES: Record<string, string> = { Account_Name: "company", Full_Name: "name", Designation: "title" };

export function zohoPage(location: PageLocation): { kind: string; url: string } | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const url = `${new URL(location.href).origin}${location.pathname.slice(0, match.index + match[0].length).replace(/\/$/, "")}`;
  return { kind: match[1] === "Contacts" ? "contact" : "lead", url };
}

export function readZohoRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const page = zohoPage(location);
  if (!page) return null;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  for (const value of allShown(document, VALUE, cache)) {
    const hook = value.id.startsWith("value_") ? value.id : (value.getAttribute("data-zcqa") ?? "");
    const apiName = hook.slice("value_".length).replace(/\s+/g, "_");
    if (!apiName || seen.has(apiName)) continue;
    seen.add(apiName);
    const tel = deepQuery(value, "a[href^='tel:']");
    if (apiName in PHONE_LABELS || tel) {
      const row = deepClosest(value, ROW);
      const labelEl = document.getElementById(`label_${apiName}`) ?? (row && deepQuery(row, ROW_LABEL));
      const label = textOf(labelEl).replace(/:$/, "");
      if (isFaxLabel(apiName) || isFaxLabel(label)) continue;
      const phone = readPhone(textOf(tel ?? value), PHONE_LABELS[apiName] ?? labelFromText(label), country, {
        reader: "zoho",
        layer: "site",
        detail: `field ${apiName}`,
      });
      addPhone(phones, phone, tel ?? value);
      continue;
    }
    addField(fields, RENAMES[apiName] ?? fieldKey(apiName), textOf(value));
  }
  const name = textOf(firstShown(document, TITLE, cache)) || fields.name || null;
  if (!name) return null; // The detail view is still loading.
  delete fields.name;
  const company = textOf(firstShown(document, HEADER_COMPANY, cache)) || fields.company || null;
  return { source: "zoho", kind: page.kind, name, company, url: page.url, phones, fields };
}
