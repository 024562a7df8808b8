// Phone-shaped runs of text, for libphonenumber-js to parse. We don't use its findNumbers(): its matcher and
// Unicode tables add ~7 KB gzipped and push the content script past its 40 KB budget. The guards below do
// what its leniency rules did for us: a number must stand alone (no digits, letters or decimals touching
// it) and must not have the shape of a date, a time or an IP address.
import { parsePhone, type PhoneNumber } from "../phone-parse";

/** Text shaped like a phone number, not parsed yet: parsing costs ~50 µs, so callers rule out first. */
export interface Candidate {
  raw: string;
  start: number;
}

/** "+" or "(", a digit, 5–40 phone characters (two numbers side by side split below), a digit, an extension. */
const CANDIDATE = /[+(]?\d[\d\s().\-\u00a0/]{5,40}\d(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?/gi;
// "INV-2026-004512", "PO/415-555-0132": a code's prefix joined by a dash or slash.
const TOUCHING_BEFORE = /(?:[\p{L}\d_$€£¥₹]|\d[.,/-]?|\p{L}[-/])$/u;
const TOUCHING_AFTER = /^(?:[\p{L}\d_%]|[.,/\-:]?\d)/u;
const NOT_PHONES = [
  /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/, // 01/15/2024, 15.01.2024
  /^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}$/, // 2024-01-15
  /^\d{1,3}(\.\d{1,3}){3}$/, // 192.168.100.200
  /^\d{3}-\d{2}-\d{4}$/, // SSN-shaped
];

export function findCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  CANDIDATE.lastIndex = 0;
  // exec in a loop, cheapest test first: this runs on every text node with seven digits (dates included).
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    // "415-555-0132 / 628-555-0187" is two numbers: split where a person separates numbers.
    let offset = 0;
    for (const part of match[0].split(BETWEEN_NUMBERS)) {
      const start = match.index + match[0].indexOf(part, offset);
      offset = start - match.index + part.length;
      const candidate = check(text, part, start);
      if (candidate) out.push(candidate);
    }
  }
  return out;
}

const BETWEEN_NUMBERS = /\s+\/\s+|\s{2,}|\s+-\s+/;
const EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*\d{1,6}$/i;

function check(text: string, part: string, at: number): Candidate | null {
  let raw = part;
  let start = at;
  // "(" only belongs to a number when it closes again: "(415) 555-0132", not "(see 415-555-0132".
  if (raw.charCodeAt(0) === 40 && !raw.includes(")")) {
    raw = raw.slice(1);
    start += 1;
  }
  const core = raw.replace(EXTENSION, "");
  const digits = countDigits(core);
  if (digits < 7 || digits > 15) return null;
  if (TOUCHING_BEFORE.test(text.slice(Math.max(0, start - 2), start))) return null;
  if (TOUCHING_AFTER.test(text.slice(start + raw.length, start + raw.length + 2))) return null;
  if (NOT_PHONES.some((shape) => shape.test(core))) return null;
  return { raw, start };
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The number a candidate stands for, when it is a possible one in `country`'s numbering plan. */
export function parseCandidate(raw: string, country: string): PhoneNumber | null {
  const number = parsePhone(raw, country);
  return number?.isPossible() ? number : null;
}
