// What a signed-in user sees and administers, from their role and scoped roles (issue 18):
// - owner and admin (organisation level): every location, every inbox;
// - regional manager: the locations of their region(s); location admin: their location(s) — they see and
//   administer every inbox there;
// - everyone also sees the inboxes they are a member of (an agent: only those, as before locations).
// Computed once per session load (auth/authenticate.ts, remembered by auth/session-cache.ts); every
// endpoint, the sync feed and the stream then read `inboxIds` as before.
import type { Executor } from "../db/executor";
import { listLocations, locationIdsInRegions, staffRolesOf } from "./locations.repository";

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

export async function scopeOf(db: Executor, user: { id: string; role: string }, memberInboxIds: readonly string[]): Promise<Scope> {
  const inboxes = await db.selectFrom("inbox").select(["id", "locationId"]).orderBy("name").orderBy("id").execute();
  let adminLocationIds: string[];
  if (user.role === "owner" || user.role === "admin") adminLocationIds = (await listLocations(db)).map((l) => l.id);
  else {
    const roles = await staffRolesOf(db, user.id);
    const direct = roles.filter((r) => r.role === "location_admin" && r.locationId).map((r) => r.locationId!);
    const regions = roles.filter((r) => r.role === "regional_manager" && r.regionId).map((r) => r.regionId!);
    adminLocationIds = [...new Set([...direct, ...(await locationIdsInRegions(db, regions))])];
  }
  const administered = new Set(adminLocationIds);
  const members = new Set(memberInboxIds);
  const adminInboxIds = inboxes.filter((i) => administered.has(i.locationId)).map((i) => i.id);
  const seen = inboxes.filter((i) => administered.has(i.locationId) || members.has(i.id));
  return {
    inboxIds: seen.map((i) => i.id),
    adminInboxIds,
    adminLocationIds,
    locationIds: [...new Set(seen.map((i) => i.locationId))],
  };
}
