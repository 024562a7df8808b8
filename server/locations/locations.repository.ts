// The SQL of the organisation: regions, locations, which location an inbox belongs to, and the scoped roles
// (regional manager of a region, location admin of a location) that widen what a user sees and administers.
import type { Executor } from "../db/executor";
import { newId, now } from "../ids";

/** The default location: inboxes from before locations, and new inboxes that name none, belong to it. */
export const DEFAULT_LOCATION_ID = "loc_main";

export const listRegions = (db: Executor) => db.selectFrom("region").selectAll().orderBy("name").execute();
export const listLocations = (db: Executor) => db.selectFrom("location").selectAll().orderBy("name").orderBy("id").execute();
export const findLocation = (db: Executor, id: string) => db.selectFrom("location").selectAll().where("id", "=", id).executeTakeFirst();
export const findRegion = (db: Executor, id: string) => db.selectFrom("region").selectAll().where("id", "=", id).executeTakeFirst();

export async function insertRegion(db: Executor, name: string): Promise<{ id: string; name: string; createdAt: string }> {
  const row = { id: newId("reg"), name, createdAt: now() };
  await db.insertInto("region").values(row).execute();
  return row;
}

export async function insertLocation(db: Executor, name: string, regionId: string | null, id = newId("loc")) {
  const row = { id, name, regionId, createdAt: now() };
  await db.insertInto("location").values(row).execute();
  return row;
}

export async function updateLocationRow(db: Executor, id: string, set: { name?: string; regionId?: string | null }) {
  await db.updateTable("location").set(set).where("id", "=", id).execute();
}

export async function locationNameTaken(db: Executor, name: string, exceptId: string | null): Promise<boolean> {
  const row = await db.selectFrom("location").select("id").where("name", "=", name).executeTakeFirst();
  return !!row && row.id !== exceptId;
}

export async function inboxIdsOfLocations(db: Executor, locationIds: readonly string[]): Promise<string[]> {
  if (locationIds.length === 0) return [];
  return (
    await db
      .selectFrom("inbox")
      .select("id")
      .where("locationId", "in", [...locationIds])
      .orderBy("name")
      .execute()
  ).map((r) => r.id);
}

export async function setInboxLocation(db: Executor, inboxId: string, locationId: string): Promise<void> {
  await db.updateTable("inbox").set({ locationId }).where("id", "=", inboxId).execute();
}

export const staffRolesOf = (db: Executor, userId: string) =>
  db.selectFrom("staffRole").select(["role", "regionId", "locationId"]).where("userId", "=", userId).execute();

export const allStaffRoles = (db: Executor) => db.selectFrom("staffRole").select(["userId", "role", "regionId", "locationId"]).execute();

export async function replaceStaffRoles(db: Executor, userId: string, roles: Array<{ role: string; regionId: string | null; locationId: string | null }>) {
  await db.deleteFrom("staffRole").where("userId", "=", userId).execute();
  if (roles.length > 0)
    await db
      .insertInto("staffRole")
      .values(roles.map((r) => ({ userId, ...r, createdAt: now() })))
      .execute();
}

/** Owners and organisation admins: every location is theirs, so every change of inboxes is an access change for them. */
export async function organisationAdminIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom("user").select("id").where("role", "in", ["owner", "admin"]).execute()).map((r) => r.id);
}

/** Who administers a location through a scoped role: its location admins and its region's managers. */
export async function scopedAdminIdsOf(db: Executor, locationId: string): Promise<string[]> {
  const location = await findLocation(db, locationId);
  const rows = await db
    .selectFrom("staffRole")
    .select("userId")
    .where((eb) =>
      eb.or([
        eb.and([eb("role", "=", "location_admin"), eb("locationId", "=", locationId)]),
        ...(location?.regionId ? [eb.and([eb("role", "=", "regional_manager"), eb("regionId", "=", location.regionId)])] : []),
      ]),
    )
    .execute();
  return [...new Set(rows.map((r) => r.userId))];
}

export const organisationName = async (db: Executor) =>
  (await db.selectFrom("organisation").select("name").where("id", "=", 1).executeTakeFirst())?.name ?? "Headquarters";

export async function renameOrganisation(db: Executor, name: string, updatedAt: string): Promise<void> {
  await db.updateTable("organisation").set({ name, updatedAt }).where("id", "=", 1).execute();
}

/** What a scope is computed from (scope.ts): every inbox's location and every location's region, by name. */
export const inboxLocations = (db: Executor) => db.selectFrom("inbox").select(["id", "locationId"]).orderBy("name").orderBy("id").execute();
export const locationRegions = (db: Executor) => db.selectFrom("location").select(["id", "regionId"]).orderBy("name").orderBy("id").execute();
export const staffRolesOfUsers = (db: Executor, userIds: readonly string[]) =>
  db
    .selectFrom("staffRole")
    .select(["userId", "role", "regionId", "locationId"])
    .where("userId", "in", [...userIds])
    .execute();

/** The locations of these inboxes, by inbox name. */
export const locationsOfInboxes = (db: Executor, inboxIds: readonly string[]) =>
  db
    .selectFrom("inbox")
    .select(["id", "locationId"])
    .where("id", "in", inboxIds.length ? [...inboxIds] : ["\u0000none"])
    .orderBy("name")
    .execute();
