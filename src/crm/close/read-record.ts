// Close lead pages: app.close.com/lead/<lead_id>/. A lead is a company; its people are contact cards, each
// with numbers typed office, mobile, home, direct, fax or other (Close's own phone types, written after the
// number). Hooks: Close's `data-testid`s, then its BEM-style class names, then the cards' ARIA labels.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { deepQuery, deepQueryAll } from "../dom/deep-query";
import { allShown, firstShown } from "../dom/first-shown";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/lead\/(lead_[A-Za-z0-9]+)(?:\/|$)/;

const LEAD_NAME = ["[data-testid='lead-name']", ".LeadPage h1", "[data-testid='lead-header'] >> h1"];
const CONTACT = ["[data-testid='contact-card']", ".ContactCard", "[aria-label^='Contact ']"];
const CONTACT_NAME = "[data-testid='contact-name'], .ContactCard-name";
const PHONE = "[data-testid='contact-phone'], .ContactPhone";
const PHONE_TYPE = "[data-testid='contact-phone-type'], .ContactPhone-type";
const CUSTOM_FIELD = ["[data-testid='lead-about'] >> [data-testid='custom-field']", ".CustomField"];
export const CLOSE_REGION = "[data-testid='lead-page'], .LeadPage, [role=main], main";

const RENAMES: Record<string, string> = { leadOwner: "owner" };

export function closePage(location: PageLocation): { kind: string; url: string } | null {
  const match = RECORD_PATH.exec(location.pathname);
  return match ? { kind: "lead", url: `${new URL(location.href).origin}/lead/${match[1]}/` } : null;
}

export function readCloseRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const page = closePage(location);
  if (!page) return null;
  const cache = new Map<Element, boolean>();
  const company = textOf(firstShown(document, LEAD_NAME, cache)) || null;
  if (!company) return null; // The lead hasn't rendered yet.
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  const contacts = allShown(document, CONTACT, cache);
  for (const contact of contacts) {
    for (const item of deepQueryAll(contact, PHONE)) {
      const type = textOf(deepQuery(item, PHONE_TYPE));
      if (isFaxLabel(type) || !isShown(item, cache)) continue;
      const link = deepQuery(item, "a[href^='tel:']");
      const detail = `contact "${textOf(deepQuery(contact, CONTACT_NAME))}", type "${type}" after the number`;
      addPhone(phones, readPhone(textOf(link), labelFromText(type), country, { reader: "close", layer: "site", detail }), link);
    }
  }
  for (const field of allShown(document, CUSTOM_FIELD, cache)) {
    const key = fieldKey(textOf(deepQuery(field, "[data-testid='custom-field-label'], .CustomField-label")));
    addField(fields, RENAMES[key] ?? key, textOf(deepQuery(field, "[data-testid='custom-field-value'], .CustomField-value")));
  }
  addField(fields, "status", textOf(firstShown(document, ["[data-testid='lead-status']", ".StatusPill"], cache)));
  addField(fields, "website", textOf(firstShown(document, ["[data-testid='lead-url']"], cache)));
  // The person the rep texts first is the lead's first contact.
  const first = contacts[0];
  addField(fields, "title", textOf(first && deepQuery(first, "[data-testid='contact-title'], .ContactCard-title")));
  addField(fields, "email", textOf(first && deepQuery(first, "[data-testid='contact-email'] a, .ContactCard-emails a")));
  const name = textOf(first && deepQuery(first, CONTACT_NAME)) || company;
  return { source: "close", kind: "lead", name, company, url: page.url, phones, fields };
}
