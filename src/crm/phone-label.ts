// Turns what a CRM page shows into a CrmPhone. Content scripts use libphonenumber-js "min" metadata: it knows
// which numbers are *possible* in each country, which is all a scraper needs, at a fraction of "max"'s size.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import type { CrmPhone } from "~src/protocol/record";

export type PhoneLabel = CrmPhone["label"];

/** "Mobile Phone", "Cell", "MobilePhone", "mobilephone" → mobile; "Office", "Direct", "Work" → work… */
export function labelFromText(text: string | null | undefined): PhoneLabel {
  const t = (text ?? "").toLowerCase().replace(/[^a-z]+/g, " ").trim();
  if (/mobil|cell|handy|whatsapp|sms/.test(t)) return "mobile";
  if (/home|private|personal/.test(t)) return "home";
  if (/work|office|business|direct|main|company|^phone$|^phone number$|^tel/.test(t)) return "work";
  return "other";
}

/** Fax numbers are shown beside phones in every CRM, and can't receive a text. */
export function isFaxLabel(text: string | null | undefined): boolean {
  return /\bfax\b/i.test(text ?? "") || /fax$/i.test(text ?? "");
}

/** A CrmPhone from the text as shown ("(415) 555-0132 x204"), or null when it is not a possible number. */
export function readPhone(raw: string, label: PhoneLabel, country: string = "US"): CrmPhone | null {
  const shown = raw.replace(/\s+/g, " ").trim();
  if (!shown || !/\d{3}/.test(shown.replace(/\D/g, ""))) return null;
  const parsed = parsePhoneNumberFromString(shown, { defaultCountry: country.toUpperCase() as CountryCode });
  if (!parsed || !parsed.isPossible()) return null;
  return { raw: shown, e164: parsed.number, label, extension: parsed.ext ?? null };
}

/** Adds a phone unless the same number is already there (CRMs show a number in the header and the details). */
export function addPhone(list: CrmPhone[], phone: CrmPhone | null): void {
  if (!phone) return;
  const same = list.find((p) => p.e164 === phone.e164 && p.extension === phone.extension);
  if (!same) list.push(phone);
  else if (same.label === "other" && phone.label !== "other") same.label = phone.label;
}
