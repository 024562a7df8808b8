// Phone-shaped runs of text, for libphonenumber-js to parse. We don't use its findNumbers(): its matcher and
// Unicode tables add ~7 KB gzipped and push the content script past its 40 KB budget. The guards below do
// what its leniency rules did for us: a number must stand alone (no digits, letters or decimals touching
// it) and must not have the shape of a date, a time or an IP address.
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from "libphonenumber-js/min";

/** Text shaped like a phone number, not parsed yet: parsing costs ~50 µs, so callers rule out first. */
export interface Candidate {
  raw: string;
  start: number;
}

/** An optional "+" or "(", a digit, 5–22 phone characters, a digit, then maybe an extension. */
const CANDIDATE = /[+(]?\d[\d\s().\-\u00a0/]{5,22}\d(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?/gi;
const TOUCHING_BEFORE = /(?:[\p{L}\d_$€£¥₹]|\d[.,/\-]?)$/u;
const TOUCHING_AFTER = /^(?:[\p{L}\d_%]|[.,/\-:]?\d)/u;
const NOT_PHONES = [
  /^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$/, // 01/15/2024, 15.01.2024
  /^\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}$/, // 2024-01-15
  /^\d{1,3}(\.\d{1,3}){3}$/, // 192.168.100.200
  /^\d{3}-\d{2}-\d{4}$/, // SSN-shaped
];

export function findCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let raw = match[0].replace(/[\s\-./(]+$/, "");
    let start = match.index;
    // "(" only belongs to a number when it closes again: "(415) 555-0132", not "(see 415-555-0132".
    if (raw.startsWith("(") && !raw.includes(")")) (raw = raw.slice(1)), (start += 1);
    if (TOUCHING_BEFORE.test(text.slice(Math.max(0, start - 2), start))) continue;
    if (TOUCHING_AFTER.test(text.slice(start + raw.length, start + raw.length + 2))) continue;
    const core = raw.replace(/\s*(?:x|ext\.?|extension|#)\s*\d{1,6}$/i, "");
    if (NOT_PHONES.some((shape) => shape.test(core))) continue;
    const digits = core.replace(/\D/g, "").length;
    if (digits < 7 || digits > 15) continue;
    out.push({ raw, start });
  }
  return out;
}

/** The number a candidate stands for, when it is a possible one in `country`'s numbering plan. */
export function parseCandidate(raw: string, country: string): PhoneNumber | null {
  const number = parsePhoneNumberFromString(raw, { defaultCountry: country.toUpperCase() as CountryCode });
  return number?.isPossible() ? number : null;
}
