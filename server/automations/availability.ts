// Who can take work from round robin and fewest open: an active member of the inbox who is signed in and not
// away, while the inbox is within its business hours (no hours set: always). "Signed in" means a client of
// theirs was seen in the last SIGNED_IN_MS: the panel, popup and web app keep a stream open and ping it every
// 25 s (stream.routes.ts marks them seen), and asking for or setting their availability counts too. Signing
// out closes the stream, so the pings stop and they drop out within that window. Stored, not kept in the
// stream hub's memory: with several instances, the one running the rule is rarely the one holding the socket.
import type { Availability } from "../../src/protocol/availability";
import type { Executor } from "../db/executor";
import { hoursOf } from "./automations.repository";
import { activeMemberIds } from "./routing.repository";
import { availabilityRowOf, availabilityRowsOf, saveAway, saveLastSeen } from "./availability.repository";
import { isWithinHours } from "./business-hours";
import { keptRead } from "./stretch-reads";

/** Seen this recently = signed in (a stream pings every 25 s; "seen" is written at most once a minute). */
const SIGNED_IN_MS = 3 * 60_000;
const SEEN_WRITE_MS = 60_000;
/** Per database (tests run several servers in one process): when this instance last wrote each user's "seen". */
const written = new WeakMap<object, Map<string, number>>();

/** Records that a client of the user is live at `at` (at most one write a minute per user and instance). */
export async function markSeen(db: Executor, userId: string, at: Date): Promise<void> {
  let mine = written.get(db);
  if (!mine) {
    mine = new Map();
    written.set(db, mine);
  }
  const last = mine.get(userId);
  if (last !== undefined && Math.abs(at.getTime() - last) < SEEN_WRITE_MS) return;
  mine.set(userId, at.getTime());
  await saveLastSeen(db, userId, at.toISOString());
}

const signedIn = (lastSeenAt: string | null, at: Date) => lastSeenAt !== null && at.getTime() - Date.parse(lastSeenAt) < SIGNED_IN_MS;

export async function availabilityOf(db: Executor, userId: string, at: Date): Promise<Availability> {
  const row = await availabilityRowOf(db, userId);
  return { away: Boolean(row?.away), signedIn: signedIn(row?.lastSeenAt ?? null, at), lastSeenAt: row?.lastSeenAt ?? null };
}

/** Sets the user's away switch; setting it is being seen (their client just asked). */
export async function setAway(db: Executor, userId: string, away: boolean, at: Date): Promise<Availability> {
  await saveAway(db, userId, away, at.toISOString());
  written.get(db)?.set(userId, at.getTime());
  return availabilityOf(db, userId, at);
}

/** The inbox's members who can take a conversation at `at`, in a stable order (round robin walks it). */
export async function availableMemberIds(db: Executor, inboxId: string, at: Date): Promise<string[]> {
  const hours = await keptRead(db, `hours ${inboxId}`, () => hoursOf(db, inboxId));
  if (hours && !isWithinHours(hours, at)) return [];
  const members = await keptRead(db, `members ${inboxId}`, () => activeMemberIds(db, inboxId));
  const rows = new Map((await keptRead(db, `availability ${inboxId}`, () => availabilityRowsOf(db, members))).map((r) => [r.userId, r]));
  return members.filter((id) => {
    const row = rows.get(id);
    return row !== undefined && !row.away && signedIn(row.lastSeenAt, at);
  });
}
