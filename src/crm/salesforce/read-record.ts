// Salesforce Lightning record pages (/lightning/r/<Object>/<id>/view): contact, lead, account, opportunity.
// Fields are `records-record-layout-item` elements named `sfdc:RecordField.<Object>.<Field>`; the header is
// `records-highlights2`. LWC renders with synthetic shadow DOM, so light-DOM queries reach the values.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/lightning\/r\/(Contact|Lead|Account|Opportunity)\/([a-zA-Z0-9]{15,18})(\/|$)/;

// Salesforce's own test hooks: stable across releases, unlike the generated slds class soup.
const FIELD = "[data-target-selection-name^='sfdc:RecordField.']";
const FIELD_LABEL = ".test-id__field-label";
const FIELD_VALUE = ".test-id__field-value";
const TITLE = "records-highlights2 lightning-formatted-name, records-highlights2 [slot='primaryField']";

/** Standard phone fields; anything else with a phone value counts as "other" (fax is never texted). */
const PHONE_LABELS: Record<string, CrmPhone["label"]> = {
  MobilePhone: "mobile",
  Phone: "work",
  HomePhone: "home",
  OtherPhone: "other",
  AssistantPhone: "other",
};

/** Lookups and names whose API name doesn't say what a template calls them. */
const RENAMES: Record<string, string> = { AccountId: "company", OwnerId: "owner", StageName: "stage", Name: "name" };

export function readSalesforceRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, object, id] = match;
  // Lightning keeps the previous record's page in the DOM (hidden) after SPA navigation: read only what's
  // shown, and only this object's fields.
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const item of document.querySelectorAll(FIELD)) {
    const [, itemObject, apiName] = /^sfdc:RecordField\.(\w+)\.(\w+)$/.exec(item.getAttribute("data-target-selection-name") ?? "") ?? [];
    if (itemObject !== object || !apiName || !isShown(item, cache)) continue;
    const label = textOf(item.querySelector(FIELD_LABEL)) || item.getAttribute("field-label") || apiName;
    const phoneEl = item.querySelector("lightning-formatted-phone");
    if (phoneEl) {
      if (!isFaxLabel(apiName) && !isFaxLabel(label)) addPhone(phones, readPhone(textOf(phoneEl), PHONE_LABELS[apiName] ?? labelFromText(label), country));
      continue;
    }
    const value = textOf(item.querySelector(FIELD_VALUE) ?? item);
    addField(fields, RENAMES[apiName] ?? fieldKey(apiName), value);
  }
  const nameEl = [...document.querySelectorAll(TITLE)].find((el) => isShown(el, cache));
  const name = textOf(nameEl) || fields.name || null;
  if (!name && phones.length === 0) return null; // Still loading: the watcher reads again on the next change.
  const company = object === "Account" ? name : (fields.company ?? null);
  delete fields.name;
  return { source: "salesforce", kind: object.toLowerCase(), name, company, url: recordUrl(location, object, id), phones, fields };
}

function recordUrl(location: PageLocation, object: string, id: string): string {
  return `${new URL(location.href).origin}/lightning/r/${object}/${id}/view`;
}
