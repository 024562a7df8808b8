// Our metadata (libphonenumber-js "min" without formats) parses and checks numbers exactly as "min" does.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import { describe, expect, it } from "vitest";
import { parsePhone } from "~src/crm/phone-parse";

const NUMBERS: [string, string][] = [
  ["(415) 555-0132 x204", "US"],
  ["+1 212 555 0101", "US"],
  ["(201) 155-0123", "US"],
  ["1-800-555-0199", "US"],
  ["415.555.0132", "CA"],
  ["+44 7700 900123", "US"],
  ["020 7946 0958", "GB"],
  ["030/901820", "DE"],
  ["0151 23456789", "DE"],
  ["06 12 34 56 78", "FR"],
  ["+34 612 34 56 78", "ES"],
  ["+61 2 9374 4000", "AU"],
  ["090-1234-5678", "JP"],
  ["+91 98765 43210", "IN"],
  ["+55 11 91234-5678", "BR"],
  ["+52 55 1234 5678", "MX"],
  ["+800 1234 5678", "US"],
  ["+1 684 733 1234", "US"],
  ["12345", "US"],
  ["94107-1234", "US"],
];

describe("parsePhone", () => {
  it.each(NUMBERS)("parses %s (default country %s) exactly as libphonenumber-js/min does", (text, country) => {
    const ours = parsePhone(text, country);
    const min = parsePhoneNumberFromString(text, { defaultCountry: country as CountryCode });
    expect(ours && [ours.number, ours.ext, ours.isPossible(), ours.isValid(), ours.country]).toEqual(
      min && [min.number, min.ext, min.isPossible(), min.isValid(), min.country],
    );
  });
});
