// Pipedrive detail pages: /person/<id> and /deal/<id> on <company>.pipedrive.com. The sidebar lists fields as
// `.fieldsList .item[data-test=<entity>-field-<key>]` (label, value); a phone field holds every number of the
// person, each with its type in brackets — Pipedrive's own labels: Work, Home, Mobile, Other.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, labelFromText, readPhone } from "../phone-label";
import { isShown, textOf } from "../visible";

export const RECORD_PATH = /^\/(person|deal)\/(\d+)(?:\/|$)/;

const FIELD = ".fieldsList .item[data-test*='-field-']";
const PHONE_ITEM = "[data-test='field-value-item']";
const PHONE_VALUE = "[data-test='phone-value']";
const PHONE_TYPE = "[data-test='value-label']";
const TITLE = "[data-test='header-title']";
const HEADER_ORG = "[data-test='header-org'], [data-test='deal-org-name']";
const DEAL_PERSON = "[data-test='deal-person-name']";
const DEAL_STAGE = "[data-test='pipeline-stage-active']";

const RENAMES: Record<string, string> = { owner_id: "owner", org_id: "company", job_title: "title", expected_close_date: "closeDate" };

export function readPipedriveRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const match = RECORD_PATH.exec(location.pathname);
  if (!match) return null;
  const [, kind, id] = match;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const item of document.querySelectorAll(FIELD)) {
    if (!isShown(item, cache)) continue;
    const [, entity, key] = /^(\w+)-field-(\w+)$/.exec(item.getAttribute("data-test") ?? "") ?? [];
    if (!key) continue;
    if (item.querySelector(PHONE_VALUE)) {
      for (const value of item.querySelectorAll(PHONE_ITEM)) {
        const type = textOf(value.querySelector(PHONE_TYPE)).replace(/[()]/g, "");
        addPhone(phones, readPhone(textOf(value.querySelector(PHONE_VALUE)), labelFromText(type), country));
      }
      continue;
    }
    // On a deal, the linked person's and organization's fields sit beside the deal's own.
    const name = RENAMES[key] ?? fieldKey(key);
    const prefixed = kind === "deal" && entity !== "deal" ? entity + name.charAt(0).toUpperCase() + name.slice(1) : name;
    // Multi-value fields (emails) list "ana@ruiz.example (Work)": a template wants the first address only.
    addField(fields, prefixed, textOf(item.querySelector(".valueList li a") ?? item.querySelector(".fieldValue .value")));
  }
  const shown = (selector: string) => [...document.querySelectorAll(selector)].find((el) => isShown(el, cache));
  const name = textOf(shown(TITLE)) || null;
  if (!name) return null; // The detail view hasn't rendered yet.
  if (kind === "deal") {
    addField(fields, "stage", textOf(shown(DEAL_STAGE)));
    addField(fields, "contactName", textOf(shown(DEAL_PERSON)));
  } else {
    addField(fields, "owner", textOf(shown("[data-test='header-owner'] span")));
  }
  const company = textOf(shown(HEADER_ORG)) || fields.company || null;
  return { source: "pipedrive", kind, name, company, url: `${new URL(location.href).origin}/${kind}/${id}`, phones, fields };
}
