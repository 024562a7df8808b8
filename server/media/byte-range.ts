// The one byte range a media request may ask for (Range: bytes=…): phones' video players (Safari's above all)
// fetch a clip in pieces and will not play one served whole. Several ranges at once are answered whole, as
// HTTP allows.
import type { ByteRange } from "./media-storage";

/** The range asked for within `size` bytes; null to send everything; "unsatisfiable" for a 416. */
export function requestedRange(header: string | undefined, size: number): ByteRange | null | "unsatisfiable" {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [first, last] = [match[1], match[2]];
  if (first === "") {
    // The last N bytes.
    const n = Number(last);
    return n === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return start >= size || end < start ? "unsatisfiable" : { start, end };
}
