// Whether a moment falls within an inbox's business hours: the wall-clock day, date and time in the inbox's
// IANA zone come from Intl (the platform's tz database), so daylight saving and odd offsets are not our math.
import type { BusinessHours } from "../../src/protocol/automations";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const formats = new Map<string, Intl.DateTimeFormat>();

export function wallClock(at: Date, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    day: parts.weekday.toLowerCase().slice(0, 3) as (typeof DAYS)[number],
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Open at `at`: not a holiday, and inside one of that weekday's shifts (from inclusive, to exclusive). */
export function isWithinHours(hours: BusinessHours, at: Date): boolean {
  const { day, date, time } = wallClock(at, hours.timeZone);
  if (hours.holidays.includes(date)) return false;
  return (hours.weekly[day] ?? []).some((s) => s.from <= time && time < s.to);
}
