// Template bodies carry {{contact.*}}, {{record.*}} and {{agent.*}} variables. Rendering fills what it can
// and names what it cannot, so the composer asks the rep for those values instead of sending "Hi ,".
import type { Contact, User } from "../protocol/entities";
import type { CrmRecord } from "../protocol/record";
import { formatPhone } from "./phone";

export interface TemplateContext {
  contact?: Contact | null;
  record?: CrmRecord | null;
  agent?: User | null;
}

export interface RenderedTemplate {
  /** The body with every known variable filled; unknown ones keep their `{{…}}` placeholder. */
  text: string;
  /** Variable names (e.g. "contact.firstName") with no value, in order of first appearance. */
  missing: string[];
}

const VARIABLE = /\{\{\s*([a-zA-Z]+(?:\.[a-zA-Z0-9_-]+)+)\s*\}\}/g;

/** The distinct variable names a template uses, in order. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]))];
}

const words = (name: string | null | undefined) => (name ?? "").trim().split(/\s+/).filter(Boolean);
const firstWord = (name: string | null | undefined) => words(name)[0];
const restWords = (name: string | null | undefined) => words(name).slice(1).join(" ") || undefined;

/**
 * A key looked up case-insensitively ("FirstName" and "firstname" both match "firstName"). Only the map's
 * own keys count: "constructor" or "__proto__" are plain names here, not Object.prototype's members.
 */
function pick(map: Record<string, string> | undefined, key: string): string | undefined {
  if (!map) return undefined;
  const lower = key.toLowerCase();
  const found = Object.hasOwn(map, key) ? key : Object.keys(map).find((k) => k.toLowerCase() === lower);
  const value = found === undefined ? undefined : map[found];
  return typeof value === "string" ? value : undefined;
}

function contactValue(key: string, { contact, record }: TemplateContext): string | undefined {
  // Without a named contact yet (first text to a CRM record), the record's name is the person's name.
  const name = contact?.name ?? record?.name ?? undefined;
  const attribute = pick(contact?.attributes, key);
  if (attribute) return attribute;
  switch (key.toLowerCase()) {
    case "name":
      return name;
    case "firstname":
      return firstWord(name);
    case "lastname":
      return restWords(name);
    case "phone":
    case "phonenumber":
      return contact ? formatPhone(contact.phoneNumber) : undefined;
    case "company":
      return record?.company ?? undefined;
    default:
      return undefined;
  }
}

function recordValue(key: string, { record, contact }: TemplateContext): string | undefined {
  // Off a CRM page (the popup) there is no record: the contact's own attributes are the next best source.
  if (!record) return pick(contact?.attributes, key);
  const field = pick(record.fields, key);
  if (field) return field;
  switch (key.toLowerCase()) {
    case "name":
      return record.name ?? undefined;
    case "firstname":
      return firstWord(record.name);
    case "lastname":
      return restWords(record.name);
    case "company":
      return record.company ?? undefined;
    case "kind":
      return record.kind;
    case "url":
      return record.url;
    case "phone":
      return record.phones[0]?.raw;
    default:
      return undefined;
  }
}

function agentValue(key: string, { agent }: TemplateContext): string | undefined {
  if (!agent) return undefined;
  switch (key.toLowerCase()) {
    case "name":
      return agent.name;
    case "firstname":
      return firstWord(agent.name);
    case "lastname":
      return restWords(agent.name);
    case "email":
      return agent.email;
    default:
      return undefined;
  }
}

/** The value of one variable from the context, or undefined when it has none. */
function resolveVariable(variable: string, ctx: TemplateContext): string | undefined {
  const dot = variable.indexOf(".");
  const scope = variable.slice(0, dot);
  const key = variable.slice(dot + 1);
  const value =
    scope === "contact" ? contactValue(key, ctx) : scope === "record" ? recordValue(key, ctx) : scope === "agent" ? agentValue(key, ctx) : undefined;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Fills a template. `given` holds values the rep typed for missing variables; they win over the context
 * so a rep can correct a wrong CRM field too.
 */
export function renderTemplate(body: string, ctx: TemplateContext, given: Record<string, string> = {}): RenderedTemplate {
  const missing: string[] = [];
  const text = body.replace(VARIABLE, (placeholder, variable: string) => {
    const typed = Object.hasOwn(given, variable) ? given[variable] : undefined;
    const value = (typeof typed === "string" ? typed.trim() : "") || resolveVariable(variable, ctx);
    if (value !== undefined) return value;
    if (!missing.includes(variable)) missing.push(variable);
    return placeholder;
  });
  return { text, missing };
}

/** "contact.firstName" → "Contact first name", for the form that asks for a missing value. */
export function variableLabel(variable: string): string {
  const [scope, ...rest] = variable.split(".");
  const key = rest
    .join(".")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return `${scope.charAt(0).toUpperCase()}${scope.slice(1)} ${key}`;
}
