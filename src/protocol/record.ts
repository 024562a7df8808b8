// What a CRM page adapter reads from the open record; the content script hands it to the worker, and the
// panel shows that number's thread and fills `{{record.*}}` in templates from `fields`.
import { z } from "zod";

export const crmSources = ["salesforce", "hubspot", "pipedrive", "zoho", "close", "generic"] as const;
export type CrmSource = (typeof crmSources)[number];

/**
 * Which layer of reading found a number, for "Why this number?": the CRM's own reader ("site"), the
 * labelled-field reader over the record's region ("labelled"), a tel:/sms: link ("link"), or the rep
 * ("picked" on the page, "typed" in the panel, "context-menu" on selected text or a link).
 */
export const phoneLayers = ["site", "labelled", "link", "picked", "typed", "context-menu"] as const;
export type PhoneLayer = (typeof phoneLayers)[number];

export const PhoneFoundBy = z.object({
  /** The reader: a CRM source ("salesforce"…, "generic") or "rep" for numbers the rep gave. */
  reader: z.string().max(40),
  layer: z.enum(phoneLayers),
  /** What it read, in words: "field MobilePhone", "label \"Work\" after the number", "tel: link". */
  detail: z.string().max(200).optional(),
});
export type PhoneFoundBy = z.infer<typeof PhoneFoundBy>;

export const CrmPhone = z.object({
  /** As shown on the page ("(415) 555-0132 x204"). */
  raw: z.string(),
  e164: z.string(),
  label: z.enum(["mobile", "work", "home", "other"]),
  extension: z.string().nullable(),
  /** Absent only for numbers from older builds. */
  foundBy: PhoneFoundBy.optional(),
});
export type CrmPhone = z.infer<typeof CrmPhone>;

export const CrmRecord = z.object({
  source: z.enum(crmSources),
  /** contact, lead, account, opportunity, company, deal, person… in the CRM's own word. */
  kind: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  url: z.string(),
  phones: z.array(CrmPhone),
  /** Other fields a template may use as {{record.<key>}} (email, title, city, owner…). */
  fields: z.record(z.string(), z.string()),
});
export type CrmRecord = z.infer<typeof CrmRecord>;
