// Salesforce Lightning record pages (/lightning/r/<Object>/<id>/view): contact, lead, account, opportunity.
// Fields are `records-record-layout-item` elements (Dynamic Forms: `record_flexipage-record-field`), named by
// `data-target-selection-name="sfdc:RecordField.<Object>.<Field>"` and `field-label`; the header is
// `records-highlights2`. Orgs on synthetic shadow DOM expose everything to light-DOM queries; orgs on native
// shadow DOM (LWC) render each component's insides in an open shadow root, so every query here goes deep.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { deepQuery } from "../dom/deep-query";
import { allShown, firstShown } from "../dom/first-shown";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { textOf } from "../visible";

export const RECORD_PATH = /^\/lightning\/r\/(Contact|Lead|Account|Opportunity)\/([a-zA-Z0-9]{15,18})(\/|$)/;

// Hooks, most specific first. Salesforce's own test hooks are stable across releases, unlike the slds classes.
const FIELDS = ["[data-target-selection-name^='sfdc:RecordField.']", "records-record-layout-item", "record_flexipage-record-field"];
const FIELD_LABEL = ".test-id__field-label, .slds-form-element__label, dt, label";
const FIELD_VALUE = ".test-id__field-value, .slds-form-element__static, dd";
const PHONE_VALUE = "lightning-formatted-phone, a[href^='tel:']";
const TITLE = [
  "records-highlights2 >> lightning-formatted-name",
  "records-highlights2 >> [slot=primaryField]",
  "records-lwc-highlights-panel >> h1 >> lightning-formatted-name",
  ".slds-page-header__title >> lightning-formatted-name",
];
/** Where the fallback layers look: the open record's page, never the app bar or utility bar. */
export const SALESFORCE_REGION = "one-record-home-flexipage2, .oneContent.active, [role=main]";

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
/** The same fields by their default labels, for layouts without API names. */
const LABEL_RENAMES: Record<string, string> = {
  accountName: "company",
  contactOwner: "owner",
  leadOwner: "owner",
  accountOwner: "owner",
  opportunityOwner: "owner",
};

export function salesforcePage(location: PageLocation): { kind: string; url: string; object: string } | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, object, id] = match;
  return { kind: object.toLowerCase(), object, url: `${new URL(location.href).origin}/lightning/r/${object}/${id}/view` };
}

export function readSalesforceRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const page = salesforcePage(location);
  if (!page) return null;
  const { object } = page;
  // Lightning keeps the previous record's page in the DOM (hidden) after SPA navigation: read only what's
  // shown, and only this object's fields.
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const item of allShown(document, FIELDS, cache)) {
    const named =
      item.getAttribute("data-target-selection-name") ?? deepQuery(item, "[data-target-selection-name]")?.getAttribute("data-target-selection-name") ?? "";
    const [, itemObject, apiName] = /^sfdc:RecordField\.(\w+)\.(\w+)$/.exec(named) ?? [];
    if (itemObject && itemObject !== object) continue;
    const label = textOf(deepQuery(item, FIELD_LABEL)) || item.getAttribute("field-label") || apiName || "";
    if (!label) continue;
    const phoneEl = deepQuery(item, PHONE_VALUE);
    if (phoneEl) {
      if (isFaxLabel(apiName) || isFaxLabel(label)) continue;
      const detail = apiName ? `field ${apiName}` : `field "${label}"`;
      const phone = readPhone(textOf(phoneEl), (apiName && PHONE_LABELS[apiName]) || labelFromText(label), country, {
        reader: "salesforce",
        layer: "site",
        detail,
      });
      addPhone(phones, phone, phoneEl);
      continue;
    }
    const value = textOf(deepQuery(item, FIELD_VALUE) ?? item);
    const key = apiName ? (RENAMES[apiName] ?? fieldKey(apiName)) : (LABEL_RENAMES[fieldKey(label)] ?? fieldKey(label));
    addField(fields, key, value);
  }
  const name = textOf(firstShown(document, TITLE, cache)) || fields.name || null;
  if (!name && phones.length === 0) return null; // Still loading: the watcher reads again on the next change.
  const company = object === "Account" ? name : (fields.company ?? null);
  delete fields.name;
  return { source: "salesforce", kind: page.kind, name, company, url: page.url, phones, fields };
}
