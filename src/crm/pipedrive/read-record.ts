// Pipedrive detail pages: /person/<id> and /deal/<id> on <company>.pipedrive.com. The sidebar lists fields as
// `.fieldsList .item[data-test=<entity>-field-<key>]` (label, value); a phone field holds every number of the
// person, each with its type in brackets after it — Pipedrive's own labels: Work, Home, Mobile, Other.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { deepQuery, deepQueryAll } from "../dom/deep-query";
import { allShown, firstShown } from "../dom/first-shown";
import { addField, fieldKey, type PageLocation } from "../page";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { textOf } from "../visible";

export const RECORD_PATH = /^\/(person|deal)\/(\d+)(?:\/|$)/;

const FIELD = [".fieldsList .item[data-test*='-field-']", "[data-test*='-field-']", ".fieldsList .item"];
const FIELD_LABEL = "[data-test='field-label'], .fieldLabel";
const PHONE_ITEM = "[data-test='field-value-item'], .valueList li";
const PHONE_VALUE = "[data-test='phone-value'], a[href^='tel:']";
const PHONE_TYPE = "[data-test='value-label'], .valueLabel";
const TITLE = ["[data-test='header-title']", ".detailView__title", "[data-test='detail-header'] >> h1"];
const HEADER_ORG = ["[data-test='header-org']", "[data-test='deal-org-name']"];
const DEAL_PERSON = ["[data-test='deal-person-name']"];
const DEAL_STAGE = ["[data-test='pipeline-stage-active']"];
export const PIPEDRIVE_REGION = "[data-test='detail-sidebar'], .detailView, #application, [role=main]";

const RENAMES: Record<string, string> = { owner_id: "owner", org_id: "company", job_title: "title", expected_close_date: "closeDate" };

export function pipedrivePage(location: PageLocation): { kind: string; url: string } | null {
  const match = RECORD_PATH.exec(location.pathname);
  return match ? { kind: match[1], url: `${new URL(location.href).origin}/${match[1]}/${match[2]}` } : null;
}

export function readPipedriveRecord(document: Document, location: PageLocation, country = "US"): CrmRecord | null {
  const page = pipedrivePage(location);
  if (!page) return null;
  const { kind } = page;
  const cache = new Map<Element, boolean>();
  const phones: CrmPhone[] = [];
  const fields: Record<string, string> = {};
  for (const item of allShown(document, FIELD, cache)) {
    const [, entity, apiKey] = /^(\w+)-field-(\w+)$/.exec(item.getAttribute("data-test") ?? "") ?? [];
    const label = textOf(deepQuery(item, FIELD_LABEL));
    const key = apiKey ?? (label ? fieldKey(label.toLowerCase().replace(/\s+/g, "_")) : "");
    if (!key) continue;
    if (deepQuery(item, PHONE_VALUE)) {
      if (isFaxLabel(label)) continue;
      for (const value of deepQueryAll(item, PHONE_ITEM)) {
        const type = textOf(deepQuery(value, PHONE_TYPE)).replace(/[()]/g, "");
        if (isFaxLabel(type)) continue;
        const number = deepQuery(value, PHONE_VALUE);
        const detail = `field ${apiKey ?? `"${label}"`}${type ? `, type "${type}" after the number` : ""}`;
        addPhone(phones, readPhone(textOf(number), labelFromText(type), country, { reader: "pipedrive", layer: "site", detail }), number);
      }
      continue;
    }
    // On a deal, the linked person's and organization's fields sit beside the deal's own.
    const name = RENAMES[key] ?? fieldKey(key);
    const prefixed = kind === "deal" && entity && entity !== "deal" ? entity + name.charAt(0).toUpperCase() + name.slice(1) : name;
    // Multi-value fields (emails) list "ana@ruiz.example (Work)": a template wants the first address only.
    addField(fields, prefixed, textOf(deepQuery(item, ".valueList li a") ?? deepQuery(item, ".fieldValue .value")));
  }
  const shown = (hooks: string[]) => firstShown(document, hooks, cache);
  const name = textOf(shown(TITLE)) || null;
  if (!name) return null; // The detail view hasn't rendered yet.
  if (kind === "deal") {
    addField(fields, "stage", textOf(shown(DEAL_STAGE)));
    addField(fields, "contactName", textOf(shown(DEAL_PERSON)));
  } else {
    addField(fields, "owner", textOf(shown(["[data-test='header-owner'] span"])));
  }
  const company = textOf(shown(HEADER_ORG)) || fields.company || null;
  return { source: "pipedrive", kind, name, company, url: page.url, phones, fields };
}
