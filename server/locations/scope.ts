// What a signed-in user sees and administers, from their role and scoped roles (issue 18):
// - owner and admin (organisation level): every location, every inbox;
// - regional manager: the locations of their region(s); location admin: their location(s) — they see and
//   administer every inbox there;
// - everyone also sees the inboxes they are a member of (an agent: only those, as before locations).
// Computed once per session load (auth/authenticate.ts, remembered by auth/session-cache.ts) and by the
// stream's recheck for many users at once (stream/access-guard.ts); every endpoint, the sync feed and the
// stream then read `inboxIds` as before.
import type { Executor } from "../db/executor";
import { membershipsOf } from "../inboxes/inboxes.repository";
import { inboxLocations, locationRegions, staffRolesOfUsers } from "./locations.repository";

export interface Scope {
  /** Every inbox the user may see: members' inboxes and those of the locations they administer. */
  inboxIds: string[];
  /** The inboxes they administer (settings, members, templates, rules). */
  adminInboxIds: string[];
  /** The locations they administer; every location for owners and admins. */
  adminLocationIds: string[];
  /** The locations of the inboxes they see, for the location switcher. */
  locationIds: string[];
}

type Person = { id: string; role: string };

export async function scopeOf(db: Executor, user: Person, memberInboxIds: readonly string[]): Promise<Scope> {
  return (
    await scopesOf(
      db,
      [user],
      [...memberInboxIds].map((inboxId) => ({ userId: user.id, inboxId })),
    )
  )[0];
}

/** Scopes of many users in four queries (their memberships read here unless given). */
export async function scopesOf(db: Executor, users: Person[], memberships?: Array<{ userId: string; inboxId: string }>): Promise<Scope[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [inboxes, locations, roles, members] = await Promise.all([
    inboxLocations(db),
    locationRegions(db),
    users.some((u) => u.role === "agent") ? staffRolesOfUsers(db, ids) : [],
    memberships ?? membershipsOf(db, ids),
  ]);
  return users.map((user) => {
    const mine = roles.filter((r) => r.userId === user.id);
    const regions = new Set(mine.filter((r) => r.role === "regional_manager").map((r) => r.regionId));
    const direct = new Set(mine.filter((r) => r.role === "location_admin").map((r) => r.locationId));
    const everywhere = user.role === "owner" || user.role === "admin";
    const adminLocationIds = locations.filter((l) => everywhere || direct.has(l.id) || (l.regionId !== null && regions.has(l.regionId))).map((l) => l.id);
    const administered = new Set(adminLocationIds);
    const memberOf = new Set(members.filter((m) => m.userId === user.id).map((m) => m.inboxId));
    const seen = inboxes.filter((i) => administered.has(i.locationId) || memberOf.has(i.id));
    return {
      inboxIds: seen.map((i) => i.id),
      adminInboxIds: inboxes.filter((i) => administered.has(i.locationId)).map((i) => i.id),
      adminLocationIds,
      locationIds: [...new Set(seen.map((i) => i.locationId))],
    };
  });
}
