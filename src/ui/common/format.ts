// Small formatters shared by every view: names, times, presence words.
import { formatPhone } from "../../core/phone";
import type { Contact, User } from "../../protocol/entities";

/** The contact's name, or their number formatted the local way. */
export function contactLabel(contact: Contact | null | undefined, fallbackPhone?: string): string {
  if (contact?.name?.trim()) return contact.name.trim();
  const phone = contact?.phoneNumber ?? fallbackPhone;
  return phone ? formatPhone(phone) : "Unknown contact";
}

export function initials(name: string): string {
  // Letters only: a number shown as the name ("(212) 555-0007") gets "#", not "25".
  const parts = name
    .replace(/[^\p{L} ]/gu, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (parts.length === 0) return "#";
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

export const firstName = (user: User | null | undefined) => user?.name.split(/\s+/)[0] ?? "Someone";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// One formatter per style, made on first use: toLocale*String builds a new Intl.DateTimeFormat on every call,
// which took ~13 ms of a panel record switch for a thread's bubbles (bench/panel-switch.ts, CPU profile).
const STYLES = {
  weekday: { weekday: "short" },
  monthDay: { month: "short", day: "numeric" },
  time: { hour: "numeric", minute: "2-digit" },
  full: { dateStyle: "medium", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<keyof typeof STYLES, Intl.DateTimeFormat>();
function formatted(style: keyof typeof STYLES, d: Date): string {
  let f = formatters.get(style);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, STYLES[style]);
    formatters.set(style, f);
  }
  return f.format(d);
}

/** Compact time for list rows: "now", "5m", "3h", "Tue", "Mar 4". */
export function shortTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  const diff = now - t;
  if (diff < MINUTE) return "now";
  if (diff < 60 * MINUTE) return `${Math.floor(diff / MINUTE)}m`;
  if (diff < DAY) return `${Math.floor(diff / (60 * MINUTE))}h`;
  const d = new Date(t);
  if (diff < 6 * DAY) return formatted("weekday", d);
  return formatted("monthDay", d);
}

/** Time of day for a bubble ("3:04 PM"), with the date when it is not today. */
export function bubbleTime(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const time = formatted("time", d);
  if (new Date(now).toDateString() === d.toDateString()) return time;
  return `${formatted("monthDay", d)}, ${time}`;
}

/** Full date and time for titles and badges. */
export function fullTime(iso: string): string {
  return formatted("full", new Date(iso));
}

/** A value for <input type="datetime-local"> in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
