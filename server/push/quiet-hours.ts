// Do-not-disturb: whether `at` falls within a user's quiet hours, read on their own clock (IANA time zone,
// so daylight saving moves with them). A window may run past midnight (22:00 to 07:00).
import type { QuietHours } from "../../src/protocol/push";

const clockCache = new Map<string, Intl.DateTimeFormat>();

/** "HH:MM" at `at` in `timeZone`. */
function localClock(at: Date, timeZone: string): string {
  let format = clockCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockCache.set(timeZone, format);
  }
  return format.format(at);
}

export function isQuiet(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet) return false;
  const clock = localClock(at, quiet.timeZone);
  return quiet.start < quiet.end ? clock >= quiet.start && clock < quiet.end : clock >= quiet.start || clock < quiet.end;
}
