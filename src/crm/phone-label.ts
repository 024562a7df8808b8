// Turns what a CRM page shows into a CrmPhone. Content scripts use libphonenumber-js "min" metadata (without
// formats, phone-parse.ts): it knows which numbers are *possible* in each country, which is all a scraper
// needs, at a fraction of "max"'s size.
import type { CrmPhone, PhoneFoundBy } from "~src/protocol/record";
import { parsePhone } from "./phone-parse";
import { rememberPlace } from "./places";

export type PhoneLabel = CrmPhone["label"];

// Label words as CRMs print them, in English and a few languages reps use (German, French, Spanish, Italian,
// Portuguese, Dutch). Always read from text the rep sees (label, aria-label, title), never from class names.
const MOBILE = /mobil|cell|handy|whatsapp|sms|portable|movil|móvil|celular|cellulare|gsm|natel/;
const HOME = /home|private|personal|privat|domicile|maison|casa|zuhause|thuis|residencial|particular/;
const WORK =
  /work|office|business|direct|main|company|^phone$|^phone number$|^tel|büro|buro|arbeit|geschäft|dienst|travail|bureau|trabajo|oficina|ufficio|lavoro|kantoor|werk|^telefon$|^téléphone$|^teléfono$/;

/** "Mobile Phone", "Cell", "MobilePhone", "mobilephone" → mobile; "Office", "Direct", "Work" → work… */
export function labelFromText(text: string | null | undefined): PhoneLabel {
  const t = (text ?? "")
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, " ")
    .trim();
  if (MOBILE.test(t)) return "mobile";
  if (HOME.test(t)) return "home";
  if (WORK.test(t)) return "work";
  return "other";
}

/** A label standing on its own after a number — "Work", "(Mobile)", "· Home", "Fax" — and nothing more. */
const KIND_ALONE =
  /^[\s([·•,:|–—-]*(mobile|mobil|cell|cellphone|work|office|home|fax|telefax|other|direct|main|private|business|personal|handy|privat|büro|arbeit|geschäftlich|portable|bureau|domicile|travail|móvil|movil|casa|trabajo|oficina|celular|cellulare|ufficio|lavoro|whatsapp)(\s+(phone|number))?[\s)\].:,|]*$/i;

export function isKindLabel(text: string): boolean {
  return text.length <= 30 && KIND_ALONE.test(text);
}

/** Fax numbers are shown beside phones in every CRM, and can't receive a text. */
export function isFaxLabel(text: string | null | undefined): boolean {
  return /\b(tele)?fax\b/i.test(text ?? "") || /fax$/i.test(text ?? "");
}

/** A CrmPhone from the text as shown ("(415) 555-0132 x204"), or null when it is not a possible number. */
export function readPhone(raw: string, label: PhoneLabel, country: string = "US", foundBy?: PhoneFoundBy): CrmPhone | null {
  const shown = raw.replace(/\s+/g, " ").trim();
  if (!shown || !/\d{3}/.test(shown.replace(/\D/g, ""))) return null;
  const parsed = parsePhone(shown, country);
  if (!parsed?.isPossible()) return null;
  const phone: CrmPhone = { raw: shown, e164: parsed.number, label, extension: parsed.ext ?? null };
  if (foundBy) phone.foundBy = foundBy;
  return phone;
}

/**
 * Adds a phone unless the same number is already there (CRMs show a number in the header and the details),
 * remembering the element it was read from (`placeOf`). Returns the phone kept for that number.
 */
export function addPhone(list: CrmPhone[], phone: CrmPhone | null, element?: Element | null): CrmPhone | null {
  if (!phone) return null;
  const same = list.find((p) => p.e164 === phone.e164 && p.extension === phone.extension);
  if (!same) {
    list.push(phone);
    if (element) rememberPlace(phone, element);
    return phone;
  }
  if (same.label === "other" && phone.label !== "other") {
    same.label = phone.label;
    if (phone.foundBy) same.foundBy = phone.foundBy;
  }
  return same;
}
