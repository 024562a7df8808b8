// Every phone number goes through libphonenumber-js: "(212) 555-0199", "212.555.0199" and "+1 212 555 0199"
// are one contact, stored as E.164. "min" metadata: we only need isPossible() and formatting, and "max"
// would add ~200 KB to every view bundle (popup first paint).
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

export const DEFAULT_COUNTRY: CountryCode = "US";

/** The E.164 form of a typed or scraped number, or null when it is not a possible phone number. */
export function toE164(raw: string, country: string = DEFAULT_COUNTRY): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: country.toUpperCase() as CountryCode });
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** A number the way a person in that country writes it ("(212) 555-0199"); foreign numbers international. */
export function formatPhone(e164: string, country: string = DEFAULT_COUNTRY): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === country.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
}
