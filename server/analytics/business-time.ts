// Time counted in an inbox's business hours: the open seconds between two instants, and the instant a number of
// open seconds after a start (an SLA's due time). The wall clock of each day's shifts is turned into instants
// with the zone's offset from Intl, so daylight saving is the platform's tz database, not our arithmetic.
import type { BusinessHours } from "../../src/protocol/automations";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY_MS = 86_400_000;
/** A wait longer than this many days is counted up to it (a forgotten thread must not cost a year of loops). */
const MAX_DAYS = 370;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `ms`, in ms (wall clock minus UTC). */
function offsetAt(ms: number, timeZone: string): number {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant of wall-clock `minutes` after local midnight of the local day starting `dayUtc` (a UTC midnight). */
function instantOf(dayUtc: number, minutes: number, timeZone: string): number {
  const naive = dayUtc + minutes * 60_000;
  const guess = naive - offsetAt(naive, timeZone);
  return naive - offsetAt(guess, timeZone);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Each open interval [start, end) in ms of the local days from the one holding `fromMs`, in order, lazily. */
function* openIntervals(hours: BusinessHours, fromMs: number): Generator<[number, number]> {
  const local = fromMs + offsetAt(fromMs, hours.timeZone);
  const first = Math.floor(local / DAY_MS) * DAY_MS;
  for (let d = 0; d < MAX_DAYS; d++) {
    const dayUtc = first + d * DAY_MS;
    const date = new Date(dayUtc);
    if (hours.holidays.includes(date.toISOString().slice(0, 10))) continue;
    const shifts = [...(hours.weekly[DAYS[date.getUTCDay()]] ?? [])].sort((a, b) => a.from.localeCompare(b.from));
    for (const s of shifts) yield [instantOf(dayUtc, minutesOf(s.from), hours.timeZone), instantOf(dayUtc, minutesOf(s.to), hours.timeZone)];
  }
}

/** Open seconds in [from, to); with no hours set the inbox is always open. */
export function businessSeconds(hours: BusinessHours | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hours) return (b - a) / 1000;
  let open = 0;
  for (const [s, e] of openIntervals(hours, a)) {
    if (s >= b) break;
    open += Math.max(0, Math.min(e, b) - Math.max(s, a));
  }
  return open / 1000;
}

/** The instant `seconds` of open time after `from` (null when the hours never open within a year). */
export function addBusinessSeconds(hours: BusinessHours | null, from: Date, seconds: number): Date | null {
  const a = from.getTime();
  if (!hours) return new Date(a + seconds * 1000);
  let left = seconds * 1000;
  for (const [s, e] of openIntervals(hours, a)) {
    const start = Math.max(s, a);
    if (e <= start) continue;
    if (e - start >= left) return new Date(start + left);
    left -= e - start;
  }
  return null;
}
