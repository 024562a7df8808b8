// The organisation's shape: regions and locations (owners and admins change it) and the scoped roles that
// make someone a regional manager or a location admin. A change of roles or of a location's region changes
// what people see: it is announced as an access change (their cached sessions drop, their streams reconnect).
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import { announceAccessChange } from "../cluster/access-notice";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import type { Location, LocationsResponse, StaffRole } from "../../src/protocol/locations";
import { findUserById } from "../users/users.repository";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import {
  allStaffRoles,
  findLocation,
  findRegion,
  insertLocation,
  insertRegion,
  listLocations,
  listRegions,
  locationNameTaken,
  locationsOfInboxes,
  organisationAdminIds,
  organisationName,
  replaceStaffRoles,
  staffRolesOf,
  updateLocationRow,
} from "./locations.repository";

/** The locations the user sees (owners and admins: all), each with the inboxes of it they see. */
export async function locationsFor(ctx: ServerContext, user: AuthedUser): Promise<LocationsResponse> {
  const { db } = ctx.database;
  const everywhere = user.role !== "agent" && !("apiKey" in user);
  const seen = new Set(user.locationIds ?? []);
  const administered = new Set(user.adminLocationIds ?? []);
  const inboxes = await locationsOfInboxes(db, user.inboxIds);
  const locations: Location[] = (await listLocations(db))
    .filter((l) => everywhere || seen.has(l.id) || administered.has(l.id))
    .map((l) => ({ ...l, inboxIds: inboxes.filter((i) => i.locationId === l.id).map((i) => i.id), administered: administered.has(l.id) }));
  const regionIds = new Set(locations.map((l) => l.regionId));
  const regions = (await listRegions(db)).filter((r) => everywhere || regionIds.has(r.id));
  return { organisation: { name: await organisationName(db) }, regions, locations };
}

export async function createRegion(ctx: ServerContext, user: AuthedUser, name: string) {
  requireAdmin(user);
  const { db } = ctx.database;
  if ((await listRegions(db)).some((r) => r.name === name)) throw new AppError("conflict", `There is already a region named ${name}`);
  return inTransaction(db, ctx.bus, async (tx) => {
    const region = await insertRegion(tx.db, name);
    await recordAdminChange(tx, "audit.region.created", user.id, { id: region.id, label: `Region “${name}”`, changes: [{ field: "name", to: name }] });
    return region;
  });
}

export async function createLocation(ctx: ServerContext, user: AuthedUser, input: { name: string; regionId?: string | null }) {
  requireAdmin(user);
  const { db } = ctx.database;
  await checkLocation(db, input.name, input.regionId ?? null, null);
  const location = await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    const row = await insertLocation(trx, input.name, input.regionId ?? null);
    const changes = changedFields(null, { name: input.name, regionId: input.regionId ?? null }, ["name", "regionId"]);
    await recordAdminChange(tx, "audit.location.created", user.id, { id: row.id, label: `Location “${input.name}”`, changes });
    // Owners and admins administer every location: theirs now includes this one.
    await announceAccessChange(trx, ctx, { type: "membership", userIds: await organisationAdminIds(trx) });
    return row;
  });
  ctx.bus.accessChanged({ type: "membership", userIds: await organisationAdminIds(db) });
  return location;
}

export async function changeLocation(ctx: ServerContext, user: AuthedUser, id: string, changes: { name?: string; regionId?: string | null }) {
  requireAdmin(user);
  const { db } = ctx.database;
  const current = await findLocation(db, id);
  if (!current) throw notFound("Location");
  await checkLocation(db, changes.name ?? current.name, changes.regionId === undefined ? current.regionId : changes.regionId, id);
  const moved = changes.regionId !== undefined && changes.regionId !== current.regionId;
  const affected = moved ? await regionManagersOf(db, [current.regionId, changes.regionId ?? null]) : [];
  await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    await updateLocationRow(trx, id, changes);
    const diff = changedFields(current, changes, ["name", "regionId"]);
    await recordAdminChange(tx, "audit.location.updated", user.id, { id, label: `Location “${changes.name ?? current.name}”`, changes: diff });
    if (affected.length > 0) await announceAccessChange(trx, ctx, { type: "membership", userIds: affected });
  });
  if (affected.length > 0) ctx.bus.accessChanged({ type: "membership", userIds: affected });
  return (await findLocation(db, id))!;
}

export async function staffRolesOfUser(ctx: ServerContext, user: AuthedUser, userId: string): Promise<StaffRole[]> {
  if (user.id !== userId) requireAdmin(user);
  if (!(await findUserById(ctx.database.db, userId))) throw notFound("User");
  return toStaffRoles(await staffRolesOf(ctx.database.db, userId));
}

/** Replaces a teammate's scoped roles (owners and admins). */
export async function setStaffRoles(ctx: ServerContext, user: AuthedUser, userId: string, roles: StaffRole[]): Promise<StaffRole[]> {
  requireAdmin(user);
  const { db } = ctx.database;
  const target = await findUserById(db, userId);
  if (!target) throw notFound("User");
  for (const role of roles) {
    if (role.role === "regional_manager" && !(await findRegion(db, role.regionId)))
      throw new AppError("validation_failed", `roles: no region ${role.regionId}`);
    if (role.role === "location_admin" && !(await findLocation(db, role.locationId)))
      throw new AppError("validation_failed", `roles: no location ${role.locationId}`);
  }
  const rows = [...new Map(roles.map((r) => [JSON.stringify(r), r])).values()].map((r) => ({
    role: r.role,
    regionId: r.role === "regional_manager" ? r.regionId : null,
    locationId: r.role === "location_admin" ? r.locationId : null,
  }));
  await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    const before = toStaffRoles(await staffRolesOf(trx, userId));
    await replaceStaffRoles(trx, userId, rows);
    const changes = changedFields({ roles: before }, { roles: toStaffRoles(rows) }, ["roles"]);
    await recordAdminChange(tx, "audit.staff_roles.updated", user.id, { id: userId, label: `Staff roles of ${target.name}`, changes });
    await announceAccessChange(trx, ctx, { type: "membership", userIds: [userId] });
  });
  ctx.bus.accessChanged({ type: "membership", userIds: [userId] });
  return toStaffRoles(rows);
}

const toStaffRoles = (rows: Array<{ role: string; regionId: string | null; locationId: string | null }>): StaffRole[] =>
  rows.map((r) =>
    r.role === "regional_manager" ? { role: "regional_manager", regionId: r.regionId! } : { role: "location_admin", locationId: r.locationId! },
  );

async function checkLocation(db: Executor, name: string, regionId: string | null, exceptId: string | null) {
  if (await locationNameTaken(db, name, exceptId)) throw new AppError("conflict", `There is already a location named ${name}`);
  if (regionId && !(await findRegion(db, regionId))) throw new AppError("validation_failed", `regionId: no region ${regionId}`);
}

async function regionManagersOf(db: Executor, regionIds: Array<string | null>): Promise<string[]> {
  const ids = new Set(regionIds.filter((r): r is string => r !== null));
  return [...new Set((await allStaffRoles(db)).filter((r) => r.role === "regional_manager" && ids.has(r.regionId ?? "")).map((r) => r.userId))];
}
