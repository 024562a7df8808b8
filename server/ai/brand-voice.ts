// The brand voice the "Brand voice" rewrite follows: the conversation's location's own (its inbox's location),
// else the workspace's. HQ (owners and organisation admins) writes every location's voice and decides, per
// location, whether its admins (location admins, regional managers of its region) may write their own —
// a franchisor keeps the brand consistent by default and lets a trusted franchisee adapt it. Agents only use it.
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import type { LocationBrandVoice, LocationBrandVoicePatch, LocationBrandVoicesResponse } from "../../src/protocol/ai";
import type { AuthedUser } from "../auth/authenticate";
import { requireLocationAdmin, requireMember, requireSomeAdmin } from "../auth/permissions";
import type { ServerContext } from "../context";
import { AppError, notFound } from "../errors";
import { now } from "../ids";
import { findLocation, listLocations } from "../locations/locations.repository";
import { locationOfConversation, locationVoiceRow, locationVoiceRows, writeLocationVoiceRow, type LocationVoiceRow } from "./ai-locations.repository";
import type { AiSetup } from "./ai-config";

const isHq = (user: AuthedUser) => user.role === "owner" || user.role === "admin";

export interface VoiceInUse {
  voice: string;
  /** Whose voice it is, for the rep's error message: a location's name, or null for the workspace's. */
  locationName: string | null;
  /** The conversation's location (null without a conversation). */
  locationId: string | null;
}

/** The voice for a reply in `conversationId` (which the user must see), or the workspace's without one. */
export async function brandVoiceFor(ctx: ServerContext, user: AuthedUser, setup: AiSetup, conversationId?: string): Promise<VoiceInUse> {
  if (!conversationId) return { voice: setup.brandVoice, locationName: null, locationId: null };
  const { db } = ctx.database;
  const where = await locationOfConversation(db, conversationId);
  if (!where) throw notFound("Conversation");
  requireMember(user, where.inboxId);
  const own = (await locationVoiceRow(db, where.locationId))?.brandVoice.trim();
  return own
    ? { voice: own, locationName: where.locationName, locationId: where.locationId }
    : { voice: setup.brandVoice, locationName: null, locationId: where.locationId };
}

/** Whether any location the user works in (or the workspace) has a voice: the rewrite menu offers "Brand voice". */
export async function anyBrandVoiceFor(ctx: ServerContext, user: AuthedUser, setup: AiSetup): Promise<boolean> {
  if (setup.brandVoice.trim()) return true;
  const mine = new Set(user.locationIds ?? []);
  return (await locationVoiceRows(ctx.database.db)).some((r) => r.brandVoice.trim() && (isHq(user) || mine.has(r.locationId)));
}

function describe(user: AuthedUser, location: { id: string; name: string }, row: LocationVoiceRow | undefined): LocationBrandVoice {
  const mayEdit = Boolean(row?.locationMayEdit);
  return {
    locationId: location.id,
    locationName: location.name,
    brandVoice: row?.brandVoice ?? "",
    locationMayEdit: mayEdit,
    canEdit: isHq(user) || mayEdit,
    canAllow: isHq(user),
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Every location's voice for HQ; a location admin's (or regional manager's) own locations for them. */
export async function locationVoices(ctx: ServerContext, user: AuthedUser, setup: AiSetup): Promise<LocationBrandVoicesResponse> {
  requireSomeAdmin(user);
  const { db } = ctx.database;
  const administered = new Set(user.adminLocationIds ?? []);
  const rows = new Map((await locationVoiceRows(db)).map((r) => [r.locationId, r]));
  const locations = (await listLocations(db)).filter((l) => isHq(user) || administered.has(l.id));
  return { workspaceVoice: setup.brandVoice, locations: locations.map((l) => describe(user, l, rows.get(l.id))) };
}

export async function changeLocationVoice(
  ctx: ServerContext,
  user: AuthedUser,
  locationId: string,
  patch: LocationBrandVoicePatch,
): Promise<LocationBrandVoice> {
  requireLocationAdmin(user, locationId);
  const { db } = ctx.database;
  const location = await findLocation(db, locationId);
  if (!location) throw notFound("Location");
  const row = await locationVoiceRow(db, locationId);
  if (!isHq(user)) {
    if (patch.locationMayEdit !== undefined)
      throw new AppError("forbidden", "Only HQ (owners and organisation admins) decides whether a location may write its own brand voice");
    if (!row?.locationMayEdit)
      throw new AppError("forbidden", `HQ sets ${location.name}'s brand voice; an owner or admin can change it, or let this location edit it`);
  }
  const next: LocationVoiceRow = {
    locationId,
    brandVoice: patch.brandVoice ?? row?.brandVoice ?? "",
    locationMayEdit: (patch.locationMayEdit ?? Boolean(row?.locationMayEdit)) ? 1 : 0,
    updatedAt: now(),
    updatedBy: user.id,
  };
  await inTransaction(db, ctx.bus, async (tx) => {
    await writeLocationVoiceRow(tx.db, next);
    const before = { brandVoice: row?.brandVoice ?? "", locationMayEdit: Boolean(row?.locationMayEdit) };
    const changes = changedFields(before, { brandVoice: next.brandVoice, locationMayEdit: next.locationMayEdit === 1 }, ["brandVoice", "locationMayEdit"]);
    await recordAdminChange(tx, "audit.ai_settings.updated", user.id, { id: `ai:${locationId}`, label: `AI brand voice of ${location.name}`, changes });
  });
  return describe(user, location, next);
}
