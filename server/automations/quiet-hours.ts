// Quiet hours in the recipient's time zone: the workspace's window (8:00–21:00 by default, off until an admin
// turns it on), the zones a number may be in (the contact's `timeZone` attribute, else libphonenumber's own
// prefix-to-zone mapping through libphonenumber-geo-carrier), and when the window next opens there.
import type { Contact } from "../../src/protocol/entities";
import type { QuietHours, RecipientCheck } from "../../src/protocol/scheduled-sends";
import type { Executor } from "../db/executor";
import { quietHoursOf } from "./quiet-hours.repository";
import { wallClock } from "./business-hours";

// The full phone metadata and the prefix-to-zone tables load at the first check, not with every server start
// (they take a few hundred milliseconds to import, and most servers never turn quiet hours on).
const phoneData = () => Promise.all([import("libphonenumber-geo-carrier"), import("libphonenumber-js/max")]);

/** A number that may be in more zones than this (toll-free, a whole country) has no zone we can trust. */
const MAX_ZONES = 3;

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** The zones the contact may be in; empty when unknown. */
export async function zonesOf(contact: Pick<Contact, "phoneNumber" | "attributes">): Promise<string[]> {
  const own = contact.attributes.timeZone;
  if (own && isZone(own)) return [own];
  const [{ timezones }, { default: parsePhoneNumber }] = await phoneData();
  const zones = ((await timezones(parsePhoneNumber(contact.phoneNumber))) ?? []).filter(isZone);
  return zones.length <= MAX_ZONES ? zones : [];
}

const quietIn = (q: QuietHours, zone: string, at: Date) => {
  const { time } = wallClock(at, zone);
  return time < q.from || time >= q.to;
};

/** Quiet where the recipient may be (any of their zones): automated texts wait, a rep is asked. */
export const isQuiet = (q: QuietHours, zones: string[], at: Date) => q.enabled && zones.some((z) => quietIn(q, z, at));

/** The first minute from `at` when it is no longer quiet in any of the zones (within two days). */
export function windowOpensAt(q: QuietHours, zones: string[], at: Date): Date | null {
  if (!isQuiet(q, zones, at)) return at;
  const start = Math.ceil(at.getTime() / 60_000) * 60_000;
  for (let t = start; t < start + 2 * 24 * 3_600_000; t += 60_000) if (!isQuiet(q, zones, new Date(t))) return new Date(t);
  return null;
}

export async function lineTypeOf(contact: Pick<Contact, "phoneNumber" | "attributes">): Promise<RecipientCheck["lineType"]> {
  const known = contact.attributes.lineType?.toLowerCase();
  if (known === "landline" || known === "mobile") return known;
  const [, { default: parsePhoneNumber }] = await phoneData();
  const type = parsePhoneNumber(contact.phoneNumber)?.getType();
  return type === "MOBILE" ? "mobile" : type === "FIXED_LINE" ? "landline" : "unknown";
}

/** What a composer's pre-send check needs to know about the recipient at `at`. */
export async function checkRecipient(db: Executor, contact: Contact, at: Date): Promise<RecipientCheck> {
  const quietHours = await quietHoursOf(db);
  const timeZones = await zonesOf(contact);
  const inQuietHours = isQuiet(quietHours, timeZones, at);
  return {
    phoneNumber: contact.phoneNumber,
    timeZones,
    localTime: timeZones.length > 0 ? wallClock(at, timeZones[0]).time : null,
    quietHours,
    inQuietHours,
    opensAt: inQuietHours ? (windowOpensAt(quietHours, timeZones, at)?.toISOString() ?? null) : null,
    optedOut: !!contact.optedOutAt,
    lineType: await lineTypeOf(contact),
  };
}
