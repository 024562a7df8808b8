// Every phone number goes through libphonenumber-js: "(212) 555-0199", "212.555.0199" and "+1 212 555 0199"
// are one contact, stored as E.164. "min" metadata: we only need isPossible() and formatting, and "max"
// would add ~200 KB to every view bundle (popup first paint).
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

const DEFAULT_COUNTRY: CountryCode = "US";

// Parsing is the costly part of a number (~30 µs) and the same few numbers come back all day: the server sees
// the same customers text in, a CRM page shows the same record's numbers on every scan. Remembered answers
// are dropped all at once when the memo is full, which keeps it simple and bounded.
const MEMO_SIZE = 10_000;
const memo = new Map<string, string | null>();
const formatted = new Map<string, string>();

/** The E.164 form of a typed or scraped number, or null when it is not a possible phone number. */
export function toE164(raw: string, country: string = DEFAULT_COUNTRY): string | null {
  const key = `${country}|${raw}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: country.toUpperCase() as CountryCode });
  const e164 = parsed?.isPossible() ? parsed.number : null;
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, e164);
  return e164;
}

/** A number the way a person in that country writes it ("(212) 555-0199"); foreign numbers international. */
export function formatPhone(e164: string, country: string = DEFAULT_COUNTRY): string {
  // Remembered like toE164: a thread's header and inbox picker format the same numbers on every render.
  const key = `${country}|${e164}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(e164);
  const text = !parsed ? e164 : parsed.country === country.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
  if (formatted.size >= MEMO_SIZE) formatted.clear();
  formatted.set(key, text);
  return text;
}
