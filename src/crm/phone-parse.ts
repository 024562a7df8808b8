// libphonenumber-js with our own metadata (scripts/phone-metadata.mjs): "min" without the number formats.
// Parsing and isPossible/isValid never use formats; content scripts never format a number.
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson, type PhoneNumber } from "libphonenumber-js/core";
import metadata from "./phone-metadata.json";

export type { PhoneNumber };

export function parsePhone(text: string, defaultCountry: string): PhoneNumber | undefined {
  return parsePhoneNumberFromString(text, { defaultCountry: defaultCountry.toUpperCase() as CountryCode }, metadata as unknown as MetadataJson);
}
