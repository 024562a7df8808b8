// HubSpot record pages: /contacts/<portal>/record/0-1|0-2|0-3/<id> (contact, company, deal) and the older
// /contacts/<portal>/contact|company|deal/<id>. The left sidebar lists properties, each a
// `[data-profile-property=<internal name>]` with a label and a read-only input (or a dropdown button); newer
// layouts drop that wrapper and keep `data-selenium-test="property-input-<name>"` / `data-field` on the value.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { deepQuery } from "../dom/deep-query";
import { allShown, firstShown } from "../dom/first-shown";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, readPhone } from "../phone-label";
import { textOf } from "../visible";

export const RECORD_PATH = /^\/contacts\/(\d+)\/(?:record\/(0-1|0-2|0-3)|(contact|company|deal))\/(\d+)/;
const KINDS: Record<string, string> = { "0-1": "contact", "0-2": "company", "0-3": "deal" };

/** Each property's value element and its internal name, by whichever hook this layout has. */
const PROPERTY_HOOKS: { selector: string; name: (el: Element) => string | null; value: (el: Element) => Element | null }[] = [
  {
    selector: "[data-profile-property]",
    name: (el) => el.getAttribute("data-profile-property"),
    value: (el) => deepQuery(el, "[data-selenium-test^='property-input-'], input, button"),
  },
  {
    selector: "[data-selenium-test^='property-input-']",
    name: (el) => el.getAttribute("data-selenium-test")!.slice("property-input-".length),
    value: (el) => el,
  },
  { selector: "input[data-field]", name: (el) => el.getAttribute("data-field"), value: (el) => el },
];
const TITLE = [
  "[data-selenium-test='highlightTitle']",
  "[data-test-id='record-highlight-title']",
  "[data-test-id='record-highlight'] >> h1",
  "[data-test-id='record-highlight'] >> h2",
];
// Deals have no phone of their own: the rep texts the contact on the deal's association card.
const CONTACT_CARD_PHONE = [
  "[data-selenium-test='association-card-contact'] >> a[href^='tel:']",
  "[data-test-id*='association-card-contact'] >> a[href^='tel:']",
];
const COMPANY_CARD_TITLE = ["[data-selenium-test='association-card-company'] >> [data-selenium-test='association-card-title']"];
export const HUBSPOT_REGION = "[data-test-id='record-page'], [data-test-id='left-sidebar'], [role=main], main";

/** HubSpot's phone properties by internal name; `fax` is left out on purpose (it can't receive a text). */
const PHONE_LABELS: Record<string, CrmPhone["label"]> = {
  phone: "work",
  mobilephone: "mobile",
  hs_whatsapp_phone_number: "mobile",
};

const RENAMES: Record<string, string> = {
  hubspot_owner_id: "owner",
  jobtitle: "title",
  dealstage: "stage",
  dealname: "name",
  closedate: "closeDate",
  lifecyclestage: "lifecycleStage",
  hs_lead_status: "leadStatus",
  annualrevenue: "annualRevenue",
  firstname: "firstName",
  lastname: "lastName",
};

export function hubspotPage(location: PageLocation): { kind: string; url: string } | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, portal, objectType, legacyKind, id] = match;
  const kind = objectType ? KINDS[objectType] : legacyKind;
  const type = objectType ?? Object.keys(KINDS).find((k) => KINDS[k] === kind);
  return { kind, url: `${new URL(location.href).origin}/contacts/${portal}/record/${type}/${id}` };
}

export function readHubspotRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const page = hubspotPage(location);
  if (!page) return null;
  const { kind } = page;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  for (const hook of PROPERTY_HOOKS) {
    for (const el of allShown(document, [hook.selector], cache)) {
      const key = hook.name(el) ?? "";
      if (!key || seen.has(key)) continue;
      seen.add(key);
      if (key === "fax") continue;
      const valueEl = hook.value(el);
      const value = textOf(valueEl);
      if (key in PHONE_LABELS)
        addPhone(phones, readPhone(value, PHONE_LABELS[key], country, { reader: "hubspot", layer: "site", detail: `property ${key}` }), valueEl);
      else addField(fields, RENAMES[key] ?? fieldKey(key.replace(/^hs_/, "")), value);
    }
  }
  for (const link of allShown(document, CONTACT_CARD_PHONE, cache)) {
    addPhone(phones, readPhone(textOf(link), "other", country, { reader: "hubspot", layer: "site", detail: "associated contact's card" }), link);
  }
  const personName = [fields.firstName, fields.lastName].filter(Boolean).join(" ");
  const name = textOf(firstShown(document, TITLE, cache)) || fields.name || personName || null;
  if (!name && phones.length === 0) return null; // The sidebar hasn't rendered yet.
  const company = kind === "company" ? name : fields.company || textOf(firstShown(document, COMPANY_CARD_TITLE, cache)) || null;
  delete fields.name;
  return { source: "hubspot", kind, name, company, url: page.url, phones, fields };
}
