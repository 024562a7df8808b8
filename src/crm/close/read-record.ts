// Close lead pages: app.close.com/lead/<lead_id>/. A lead is a company; its people are contact cards, each
// with numbers typed office, mobile, home, direct, fax or other (Close's own phone types).
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/lead\/(lead_[A-Za-z0-9]+)(?:\/|$)/;

const LEAD_NAME = "[data-testid='lead-name']";
const CONTACT = "[data-testid='contact-card']";
const CONTACT_NAME = "[data-testid='contact-name']";
const PHONE = "[data-testid='contact-phone']";
const PHONE_TYPE = "[data-testid='contact-phone-type']";
const CUSTOM_FIELD = "[data-testid='lead-about'] [data-testid='custom-field']";

const RENAMES: Record<string, string> = { leadOwner: "owner" };

export function readCloseRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const cache = new Map<Element, boolean>();
  const shown = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].find((el) => isShown(el, cache));
  const company = textOf(shown(document, LEAD_NAME)) || null;
  if (!company) return null; // The lead hasn't rendered yet.
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  const contacts = [...document.querySelectorAll(CONTACT)].filter((el) => isShown(el, cache));
  for (const contact of contacts) {
    for (const item of contact.querySelectorAll(PHONE)) {
      const type = textOf(item.querySelector(PHONE_TYPE));
      if (isFaxLabel(type) || !isShown(item, cache)) continue;
      addPhone(phones, readPhone(textOf(item.querySelector("a[href^='tel:']")), labelFromText(type), country));
    }
  }
  for (const field of document.querySelectorAll(CUSTOM_FIELD)) {
    if (!isShown(field, cache)) continue;
    const key = fieldKey(textOf(field.querySelector("[data-testid='custom-field-label']")));
    addField(fields, RENAMES[key] ?? key, textOf(field.querySelector("[data-testid='custom-field-value']")));
  }
  addField(fields, "status", textOf(shown(document, "[data-testid='lead-status']")));
  addField(fields, "website", textOf(shown(document, "[data-testid='lead-url']")));
  // The person the rep texts first is the lead's first contact.
  const first = contacts[0];
  addField(fields, "title", textOf(first?.querySelector("[data-testid='contact-title']")));
  addField(fields, "email", textOf(first?.querySelector("[data-testid='contact-email'] a")));
  const name = textOf(first?.querySelector(CONTACT_NAME)) || company;
  return { source: "close", kind: "lead", name, company, url: `${new URL(location.href).origin}/lead/${match[1]}/`, phones, fields };
}
