// How many SMS a body costs. GSM-7 when every character is in the GSM 03.38 alphabet (the extension table
// characters take two septets), otherwise UCS-2, counted in UTF-16 code units so an emoji counts 2.
// A multi-part message spends 7 septets (GSM-7) or 3 code units (UCS-2) per part on the concatenation header,
// and carriers never split an escape pair or a surrogate pair across parts, so parts are packed greedily.

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Characters as the rep sees them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the body takes. */
  units: number;
  segments: number;
  /** Units one part holds at the current segment count: 160/153 for GSM-7, 70/67 for UCS-2. */
  perSegment: number;
  /** Units left in the last part before another segment starts. */
  remaining: number;
  /** Characters that forced UCS-2 (so the composer can say which ones), deduplicated. */
  nonGsm: string[];
}

const GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "\f^{}\\[~]|€";

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

const LIMITS = {
  "GSM-7": { single: 160, part: 153 },
  "UCS-2": { single: 70, part: 67 },
} as const;

/** The cost of each character in the chosen encoding: 1 or 2 units. */
function unitCosts(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const ch of text) {
    if (encoding === "GSM-7") costs.push(extended.has(ch) ? 2 : 1);
    else costs.push(ch.length); // 2 for characters outside the BMP (emoji)
  }
  return costs;
}

/** Packs characters into parts of `size` units without splitting one character's units. */
function packParts(costs: number[], size: number): { parts: number; lastFill: number } {
  let parts = 1;
  let fill = 0;
  for (const cost of costs) {
    if (fill + cost > size) {
      parts++;
      fill = 0;
    }
    fill += cost;
  }
  return { parts, lastFill: fill };
}

export function countSegments(text: string): SegmentCount {
  const nonGsm = new Set<string>();
  let characters = 0;
  for (const ch of text) {
    characters++;
    if (!basic.has(ch) && !extended.has(ch)) nonGsm.add(ch);
  }
  const encoding: SmsEncoding = nonGsm.size === 0 ? "GSM-7" : "UCS-2";
  const costs = unitCosts(text, encoding);
  const units = costs.reduce((a, b) => a + b, 0);
  const limit = LIMITS[encoding];
  if (units <= limit.single) {
    return { encoding, characters, units, segments: units === 0 ? 0 : 1, perSegment: limit.single, remaining: limit.single - units, nonGsm: [...nonGsm] };
  }
  const { parts, lastFill } = packParts(costs, limit.part);
  return { encoding, characters, units, segments: parts, perSegment: limit.part, remaining: limit.part - lastFill, nonGsm: [...nonGsm] };
}
