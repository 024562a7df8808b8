// What a model may not change in an SMS: every {{variable}}, link, phone number and the opt-out wording stay
// verbatim (a rewrite that drops one is refused with the reason, never "fixed" silently); punctuation the model
// likes (curly quotes, dashes) is put back to GSM-7 unless the draft had it, because one such character turns
// a 160-character text into a 70-character UCS-2 one; and "fit in N SMS" is checked on the answer.
import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js";
import { countSegments } from "../../src/core/segments";
import type { TextStats } from "../../src/protocol/ai";

const VARIABLE = /\{\{\s*[\w.-]+\s*\}\}/g;
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = /[.,!?;:)'"]+$/;
/** A sentence naming a carrier opt-out keyword in capitals ("Reply STOP to opt out."). */
const OPT_OUT = /[^.!?\n]*\b(?:STOP|STOPALL|UNSUBSCRIBE|OPTOUT)\b[^.!?\n]*[.!?]?/g;

export type Kept = { kind: "variable" | "link" | "phone number" | "opt-out wording"; text: string };

/** What must come back verbatim. `optOutText`: the workspace's own wording, protected wherever it appears. */
export function protectedParts(draft: string, country: string, optOutText = ""): Kept[] {
  const kept: Kept[] = [];
  for (const m of draft.matchAll(VARIABLE)) kept.push({ kind: "variable", text: m[0] });
  for (const m of draft.matchAll(LINK)) kept.push({ kind: "link", text: m[0].replace(TRAILING, "") });
  for (const n of findPhoneNumbersInText(draft, { defaultCountry: country as CountryCode }))
    kept.push({ kind: "phone number", text: draft.slice(n.startsAt, n.endsAt) });
  if (optOutText.trim() && draft.includes(optOutText.trim())) kept.push({ kind: "opt-out wording", text: optOutText.trim() });
  else for (const m of draft.matchAll(OPT_OUT)) if (m[0].trim()) kept.push({ kind: "opt-out wording", text: m[0].trim() });
  return kept;
}

/** Parts of `kept` missing from the answer (each as often as the draft had it). */
export function missingParts(answer: string, kept: Kept[]): Kept[] {
  const missing: Kept[] = [];
  const seen = new Map<string, number>();
  for (const part of kept) {
    const need = (seen.get(part.text) ?? 0) + 1;
    seen.set(part.text, need);
    if (occurrences(answer, part.text) < need) missing.push(part);
  }
  return missing;
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

export const describeMissing = (missing: Kept[]) => missing.map((m) => `the ${m.kind} ${m.text}`).join(", ");

/** Characters models like that force UCS-2, with their GSM-7 stand-ins. */
const STAND_INS: Array<{ from: RegExp; to: string; label: string }> = [
  { from: /[\u2018\u2019\u201A\u201B\u2032]/g, to: "'", label: "curly apostrophes → '" },
  { from: /[\u201C\u201D\u201E\u201F\u2033]/g, to: '"', label: 'curly quotes → "' },
  { from: /[\u2013\u2014\u2012\u2212]/g, to: "-", label: "dashes → -" },
  { from: /\u2026/g, to: "...", label: "… → ..." },
  { from: /[\u00A0\u2007\u202F\u2009]/g, to: " ", label: "special spaces → space" },
];

/** Puts back GSM-7 punctuation for each kind of character the draft itself did not use. */
export function preferGsm(answer: string, draft: string): { text: string; normalised: string[] } {
  let text = answer;
  const normalised: string[] = [];
  for (const s of STAND_INS) {
    s.from.lastIndex = 0;
    if (s.from.test(draft)) continue;
    const next = text.replace(s.from, s.to);
    if (next !== text) normalised.push(s.label);
    text = next;
  }
  return { text, normalised };
}

export function statsOf(text: string): TextStats {
  const count = countSegments(text);
  return { chars: count.characters, segments: count.segments, encoding: count.encoding };
}

/** Characters in the answer that force UCS-2 and that the draft did not have (emoji a model added). */
export function newNonGsm(answer: string, draft: string): string[] {
  const had = new Set(countSegments(draft).nonGsm);
  return countSegments(answer).nonGsm.filter((ch) => !had.has(ch));
}
