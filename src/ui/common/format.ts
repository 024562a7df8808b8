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

/** Compact time for list rows: "now", "5m", "3h", "Tue", "Mar 4". */
export function shortTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  const diff = now - t;
  if (diff < MINUTE) return "now";
  if (diff < 60 * MINUTE) return `${Math.floor(diff / MINUTE)}m`;
  if (diff < DAY) return `${Math.floor(diff / (60 * MINUTE))}h`;
  const d = new Date(t);
  if (diff < 6 * DAY) return d.toLocaleDateString(undefined, { weekday: "short" });
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/** Time of day for a bubble ("3:04 PM"), with the date when it is not today. */
export function bubbleTime(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
  if (new Date(now).toDateString() === d.toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`;
}

/** Full date and time for titles and badges. */
export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A value for <input type="datetime-local"> in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
