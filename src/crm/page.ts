// What every adapter receives: the page's document and where it is. A plain shape so tests pass a URL.
import type { CrmRecord } from "~src/protocol/record";

export type PageLocation = Pick<Location, "href" | "hostname" | "pathname" | "hash" | "search">;

/** `country`: the rep's default, for numbers written without a country code. */
export type ReadRecord = (document: Document, location: PageLocation, country?: string) => CrmRecord | null;

/** "OwnerId" → "owner", "Lead_Source" → "leadSource", "Custom_Score__c" → "customScore", "jobtitle" → "jobtitle". */
export function fieldKey(apiName: string): string {
  const bare = apiName.replace(/__c$/i, "").replace(/(?<=[a-z])Id$/, "");
  const words = bare.split(/[_\s-]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}

/** Adds a template field unless it is empty or already set (the first, most prominent copy wins). */
export function addField(fields: Record<string, string>, key: string, value: string): void {
  if (key && value && !(key in fields)) fields[key] = value;
}
