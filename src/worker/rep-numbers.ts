// Numbers the rep gives Sidetext rather than a page reader: typed in the panel, clicked or selected on
// the page, a selection or tel:/sms: link from the context menu. Any format; libphonenumber-js decides.
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import type { CrmPhone, PhoneLayer } from "../protocol/record";

type RepLayer = Extract<PhoneLayer, "typed" | "picked" | "context-menu">;
const DETAIL: Record<RepLayer, string> = {
  typed: "typed in the panel",
  picked: "picked on the page",
  "context-menu": "chosen from the right-click menu",
};
const LINK = /^(?:tel|sms|callto):([^?;,]*)/i;

/** The first possible phone number in `text` (a selection may hold words around it), or null. */
export function repNumber(text: string, layer: RepLayer, country = "US"): CrmPhone | null {
  const trimmed = text.trim().slice(0, 500);
  const link = LINK.exec(trimmed);
  const source = link ? safeDecode(link[1]) : trimmed;
  const defaultCountry = country.toUpperCase() as CountryCode;
  const whole = parsePhoneNumberFromString(source, { defaultCountry });
  const parsed = whole?.isPossible()
    ? whole
    : findPhoneNumbersInText(source, { defaultCountry })
        .map((f) => f.number)
        .find((n) => n.isPossible());
  if (!parsed) return null;
  return {
    raw: source.length <= 64 ? source : parsed.formatNational(),
    e164: parsed.number,
    label: "other",
    extension: parsed.ext ?? null,
    foundBy: { reader: "rep", layer, detail: link ? `${DETAIL[layer]} (${link[0].split(":")[0].toLowerCase()}: link)` : DETAIL[layer] },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
