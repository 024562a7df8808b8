// HubSpot record pages: /contacts/<portal>/record/0-1|0-2|0-3/<id> (contact, company, deal) and the older
// /contacts/<portal>/contact|company|deal/<id>. The left sidebar lists properties, each a
// `[data-profile-property=<internal name>]` with a label and a read-only input (or a dropdown button).
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/contacts\/(\d+)\/(?:record\/(0-1|0-2|0-3)|(contact|company|deal))\/(\d+)/;
const KINDS: Record<string, string> = { "0-1": "contact", "0-2": "company", "0-3": "deal" };

const PROPERTY = "[data-profile-property]";
const VALUE = "[data-selenium-test^='property-input-']";
const TITLE = "[data-selenium-test='highlightTitle']";
// Deals have no phone of their own: the rep texts the contact on the deal's association card.
const CONTACT_CARD_PHONE = "[data-selenium-test='association-card-contact'] a[href^='tel:']";
const COMPANY_CARD_TITLE = "[data-selenium-test='association-card-company'] [data-selenium-test='association-card-title']";

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

export function readHubspotRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, portal, objectType, legacyKind, id] = match;
  const kind = objectType ? KINDS[objectType] : legacyKind;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const property of document.querySelectorAll(PROPERTY)) {
    const key = property.getAttribute("data-profile-property") ?? "";
    if (key === "fax" || !isShown(property, cache)) continue;
    const value = textOf(property.querySelector(VALUE));
    if (key in PHONE_LABELS) addPhone(phones, readPhone(value, PHONE_LABELS[key], country));
    else addField(fields, RENAMES[key] ?? fieldKey(key.replace(/^hs_/, "")), value);
  }
  for (const link of document.querySelectorAll(CONTACT_CARD_PHONE)) {
    if (isShown(link, cache)) addPhone(phones, readPhone(textOf(link), "other", country));
  }
  const title = [...document.querySelectorAll(TITLE)].find((el) => isShown(el, cache));
  const personName = [fields.firstName, fields.lastName].filter(Boolean).join(" ");
  const name = textOf(title) || fields.name || personName || null;
  if (!name && phones.length === 0) return null; // The sidebar hasn't rendered yet.
  const companyCard = [...document.querySelectorAll(COMPANY_CARD_TITLE)].find((el) => isShown(el, cache));
  const company = kind === "company" ? name : fields.company || textOf(companyCard) || null;
  delete fields.name;
  const url = `${new URL(location.href).origin}/contacts/${portal}/record/${objectType ?? Object.keys(KINDS).find((k) => KINDS[k] === kind)}/${id}`;
  return { source: "hubspot", kind, name, company, url, phones, fields };
}
