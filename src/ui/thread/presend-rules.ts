// What the pre-send check says about a draft before it goes: characters that force UCS-2 (named, with the cost
// and a GSM-7 rewrite when one exists), template values left unfilled, and — from the server — the recipient's
// quiet hours, opt-out and a landline. Pure, so every composer and its tests read the same rules.
import { countSegments } from "../../core/segments";
import type { RecipientCheck } from "../../protocol/scheduled-sends";

/** Look-alikes in GSM-7 for what word processors and phones type (curly quotes, dashes, ellipsis…). */
const GSM_LOOKALIKES: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u2032": "'",
  "\u2033": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u00A0": " ",
  "\u2009": " ",
  "\u200B": "",
  "\u2022": "-",
  "\u00B4": "'",
  "\u02BC": "'",
};

function toGsmLookalikes(text: string): string {
  return Array.from(text, (ch) => GSM_LOOKALIKES[ch] ?? ch).join("");
}

export type PresendFlag =
  | { kind: "ucs2"; characters: string[]; segments: number; gsmSegments: number | null; fixed: string | null }
  | { kind: "missingValues"; names: string[] }
  | { kind: "quietHours"; localTime: string; timeZones: string[]; window: string; opensAt: string | null }
  | { kind: "optedOut" }
  | { kind: "landline" };

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export function presendFlags(text: string, recipient: RecipientCheck | null): PresendFlag[] {
  const flags: PresendFlag[] = [];
  if (recipient?.optedOut) flags.push({ kind: "optedOut" });
  const count = countSegments(text);
  if (text.trim() && count.encoding === "UCS-2") {
    const fixed = toGsmLookalikes(text);
    const after = countSegments(fixed);
    const replaceable = after.encoding === "GSM-7";
    flags.push({
      kind: "ucs2",
      characters: count.nonGsm,
      segments: count.segments,
      gsmSegments: replaceable ? after.segments : null,
      fixed: replaceable ? fixed : null,
    });
  }
  const names = [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]))];
  if (names.length > 0) flags.push({ kind: "missingValues", names });
  if (recipient?.inQuietHours && recipient.localTime)
    flags.push({
      kind: "quietHours",
      localTime: recipient.localTime,
      timeZones: recipient.timeZones,
      window: `${recipient.quietHours.from}–${recipient.quietHours.to}`,
      opensAt: recipient.opensAt,
    });
  if (recipient?.lineType === "landline") flags.push({ kind: "landline" });
  return flags;
}
