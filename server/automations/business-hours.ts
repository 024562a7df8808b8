// Whether a moment falls within an inbox's business hours: the wall-clock day, date and time in the inbox's
// IANA zone come from Intl (the platform's tz database), so daylight saving and odd offsets are not our math.
import type { BusinessHours } from "../../src/protocol/automations";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const formats = new Map<string, Intl.DateTimeFormat>();

type WallClock = { day: (typeof DAYS)[number]; date: string; time: string };
/** Each zone's last answer and its UTC minute: the engine asks for the same minute for every text and rule. */
const lastMinute = new Map<string, { minute: number; clock: WallClock }>();
/**
 * Since 1973 every zone's offset is whole minutes (Africa/Monrovia's -0:44:30 was the last with seconds), so the
 * wall clock's day, date and hh:mm are the same all through a UTC minute; before then it is worked out each time.
 */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);

export function wallClock(at: Date, timeZone: string): WallClock {
  const ms = at.getTime();
  const minute = Math.floor(ms / 60_000);
  const last = lastMinute.get(timeZone);
  if (last && last.minute === minute && ms >= WHOLE_MINUTE_OFFSETS_SINCE) return last.clock;
  const clock = formatWallClock(at, timeZone);
  if (ms >= WHOLE_MINUTE_OFFSETS_SINCE) lastMinute.set(timeZone, { minute, clock });
  return clock;
}

function formatWallClock(at: Date, timeZone: string): WallClock {
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
