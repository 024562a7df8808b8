// Creating and changing inboxes: shared by the admin API and the CLI. Credentials are checked against the
// inbox's carrier and stored encrypted; nothing here ever returns them. A change of members is an access
// change: the users added or removed are announced, and their open streams follow (stream/access-guard.ts).
import type { Inbox } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdminOf, requireLocationAdmin, requireSomeAdmin } from "../auth/permissions";
import { AppError, notFound } from "../errors";
import { newId, now } from "../ids";
import { encryptCredentials, parseCredentials, readCredentials } from "../carriers/credentials";
import { verifyCarrierCredentials } from "../carriers/verify-credentials";
import { readWorkspaceSettings } from "../workspace/settings.repository";
import {
  findInboxById,
  findInboxCarrier,
  findInboxes,
  findInboxWithCredentials,
  inboxIdWithNumber,
  insertInbox,
  memberIdsOf,
  replaceMembers,
  updateInboxRow,
} from "./inboxes.repository";
import type { ManagedInbox } from "../../src/protocol/admin";
import { webhookUrlOf } from "./webhook-url";
import { followLocationInboxes } from "../locations/location-content";
import { existingUserIds } from "../users/users.repository";
import type { Executor } from "../db/executor";
import { announceAccessChange } from "../cluster/access-notice";
import { inTransaction } from "../events/transaction";
import { recordInboxChange } from "../audit/inbox-changes";
import { DEFAULT_LOCATION_ID, findLocation, organisationAdminIds, scopedAdminIdsOf, setInboxLocation } from "../locations/locations.repository";

type CarrierName = Inbox["carrier"];

export interface NewInbox {
  name: string;
  phoneNumber: string;
  carrier: CarrierName;
  credentials?: unknown;
  helpText?: string;
  memberIds?: string[];
  locationId?: string;
}
export type InboxChanges = Partial<Omit<NewInbox, "carrier">>;

const defaultHelpText = (name: string) => `${name}: reply with your question and a teammate will answer. Reply STOP to opt out.`;

/**
 * As a signed-in user, in a location they administer (locations/scope.ts): owners and admins anywhere, a
 * regional manager or location admin in their locations. Whoever creates an inbox works in it unless they
 * name the members themselves.
 */
export async function createInboxAs(ctx: ServerContext, user: AuthedUser, input: NewInbox): Promise<Inbox> {
  requireSomeAdmin(user);
  const locationId = input.locationId ?? (user.role === "agent" && user.adminLocationIds?.length === 1 ? user.adminLocationIds[0] : DEFAULT_LOCATION_ID);
  requireLocationAdmin(user, locationId);
  const inbox = await createInbox(ctx, { ...input, locationId, memberIds: input.memberIds ?? [user.id] }, user.id);
  // HQ's brand templates and rule packs of the location reach the new inbox too.
  await followLocationInboxes(ctx, [locationId], user.id);
  return inbox;
}

/** Moving it to another location takes an admin of both. */
export async function updateInboxAs(ctx: ServerContext, user: AuthedUser, id: string, changes: InboxChanges): Promise<Inbox> {
  requireAdminOf(user, id);
  if (changes.locationId === undefined) return updateInbox(ctx, id, changes, user.id);
  requireLocationAdmin(user, changes.locationId);
  const before = user.inboxIds.includes(id) ? (await findInboxCarrier(ctx.database.db, id))?.locationId : undefined;
  const inbox = await updateInbox(ctx, id, changes, user.id);
  if (before && before !== inbox.locationId) await followLocationInboxes(ctx, [before, inbox.locationId], user.id);
  return inbox;
}

/** The inboxes the user administers (owners and admins: every inbox), with the webhook URL for the carrier's console. */
export async function managedInboxesOf(ctx: ServerContext, user: AuthedUser): Promise<ManagedInbox[]> {
  requireSomeAdmin(user);
  const inboxes = await findInboxes(ctx.database.db, user.adminInboxIds ?? []);
  return inboxes.map((inbox) => ({ ...inbox, webhookUrl: webhookUrlOf(ctx.config, inbox) }));
}

/** Adds or removes one member, as updateInboxAs allows; the other members stay as they are. */
export async function setInboxMemberAs(ctx: ServerContext, user: AuthedUser, inboxId: string, userId: string, member: boolean): Promise<Inbox> {
  requireAdminOf(user, inboxId);
  if (member) {
    if ((await existingUserIds(ctx.database.db, [userId])).length === 0) throw notFound("User");
    return addInboxMember(ctx, inboxId, userId, user.id);
  }
  const inbox = await findInboxById(ctx.database.db, inboxId);
  if (!inbox) throw notFound("Inbox");
  if (!inbox.memberIds.includes(userId)) return inbox;
  return updateInbox(ctx, inboxId, { memberIds: inbox.memberIds.filter((m) => m !== userId) }, user.id);
}

/** As the server's operator (the CLI: no actor on the audit trail), or after the checks above. */
export async function createInbox(ctx: ServerContext, input: NewInbox, actorId: string | null = null): Promise<Inbox> {
  const id = newId("inb");
  const phoneNumber = e164OrThrow(input.phoneNumber);
  const credentialsEncrypted = sealCredentials(ctx, id, input.carrier, input.credentials, true);
  await verifyCarrierCredentials(ctx, parseCredentials(input.carrier, input.credentials), phoneNumber);
  const { db } = ctx.database;
  const locationId = input.locationId ?? DEFAULT_LOCATION_ID;
  const changed = await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    await assertNumberFree(trx, phoneNumber, null);
    if (!(await findLocation(trx, locationId))) throw new AppError("validation_failed", `locationId: no location ${locationId}`);
    // A new inbox answers HELP with the workspace's wording when an admin set one (admin console › Workspace).
    const workspaceHelp = input.helpText === undefined ? (await readWorkspaceSettings(trx)).helpText.trim() : "";
    await insertInbox(trx, {
      locationId,
      id,
      name: input.name.trim(),
      phoneNumber,
      carrier: input.carrier,
      helpText: input.helpText ?? (workspaceHelp || defaultHelpText(input.name.trim())),
      credentialsEncrypted,
      createdAt: now(),
    });
    const members = await setMembers(ctx, trx, id, input.memberIds ?? []);
    await recordInboxChange(tx, actorId, null, id, credentialsEncrypted !== null);
    return withLocationAdmins(ctx, trx, members, [locationId]);
  });
  ctx.bus.accessChanged({ type: "membership", userIds: changed });
  return (await findInboxById(db, id))!;
}

export async function updateInbox(ctx: ServerContext, id: string, changes: InboxChanges, actorId: string | null = null): Promise<Inbox> {
  const { db } = ctx.database;
  const current = await findInboxCarrier(db, id);
  if (!current) throw notFound("Inbox");
  const phoneNumber = changes.phoneNumber === undefined ? undefined : e164OrThrow(changes.phoneNumber);
  const credentialsEncrypted =
    changes.credentials === undefined ? undefined : sealCredentials(ctx, id, current.carrier as CarrierName, changes.credentials, false);
  if (credentialsEncrypted !== undefined || phoneNumber) await verifyChange(ctx, id, changes.credentials, phoneNumber);
  const changed = await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    const before = await findInboxById(trx, id);
    if (phoneNumber) await assertNumberFree(trx, phoneNumber, id);
    let moved: string[] = [];
    if (changes.locationId !== undefined && changes.locationId !== current.locationId) {
      if (!(await findLocation(trx, changes.locationId))) throw new AppError("validation_failed", `locationId: no location ${changes.locationId}`);
      await setInboxLocation(trx, id, changes.locationId);
      moved = [current.locationId, changes.locationId];
    }
    const set = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(phoneNumber ? { phoneNumber } : {}),
      ...(changes.helpText !== undefined ? { helpText: changes.helpText } : {}),
      ...(credentialsEncrypted !== undefined ? { credentialsEncrypted } : {}),
    };
    if (Object.keys(set).length > 0) await updateInboxRow(trx, id, set);
    const members = changes.memberIds ? await setMembers(ctx, trx, id, changes.memberIds) : [];
    await recordInboxChange(tx, actorId, before, id, credentialsEncrypted !== undefined);
    return moved.length > 0 ? withLocationAdmins(ctx, trx, members, moved) : members;
  });
  // Right after the commit, before anything else runs: no event of a left inbox reaches the socket after it.
  ctx.bus.accessChanged({ type: "membership", userIds: changed });
  return (await findInboxById(db, id))!;
}

export async function addInboxMember(ctx: ServerContext, inboxId: string, userId: string, actorId: string | null = null): Promise<Inbox> {
  const { db } = ctx.database;
  const inbox = await findInboxById(db, inboxId);
  if (!inbox) throw notFound("Inbox");
  if (!inbox.memberIds.includes(userId)) await updateInbox(ctx, inboxId, { memberIds: [...inbox.memberIds, userId] }, actorId);
  return (await findInboxById(db, inboxId))!;
}

function e164OrThrow(raw: string): string {
  const phone = toE164(raw);
  if (!phone) throw new AppError("validation_failed", `phoneNumber: "${raw}" is not a phone number; use E.164 such as +14155550100`);
  return phone;
}

/** Validated and encrypted credentials; null for the simulator. A ZodError (400) names a bad field. */
function sealCredentials(ctx: ServerContext, inboxId: string, carrier: CarrierName, raw: unknown, creating: boolean): string | null {
  if (carrier !== "simulator" && raw === undefined && creating) {
    throw new AppError(
      "validation_failed",
      `credentials: a ${carrier} inbox needs its credentials (${carrier === "twilio" ? "accountSid, authToken" : "apiKey, publicKey"})`,
    );
  }
  const parsed = parseCredentials(carrier, raw);
  return parsed.carrier === "simulator" ? null : encryptCredentials(ctx.config.secretKey, inboxId, parsed.credentials);
}

/** New credentials, or the stored ones with a new number, checked with the carrier before they are kept. */
async function verifyChange(ctx: ServerContext, id: string, credentials: unknown, phoneNumber: string | undefined) {
  if (!ctx.config.checkCarrierCredentials) return;
  const inbox = await findInboxWithCredentials(ctx.database.db, id);
  if (!inbox || inbox.carrier === "simulator") return;
  let parsed: ReturnType<typeof readCredentials>;
  try {
    parsed = credentials === undefined ? readCredentials(ctx.config.secretKey, inbox) : parseCredentials(inbox.carrier as CarrierName, credentials);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("validation_failed", "credentials: this inbox's stored credentials cannot be read; give them again with the new number");
  }
  await verifyCarrierCredentials(ctx, parsed, phoneNumber ?? inbox.phoneNumber);
}

async function assertNumberFree(db: Executor, phoneNumber: string, exceptId: string | null) {
  const taken = await inboxIdWithNumber(db, phoneNumber);
  if (taken && taken !== exceptId) throw new AppError("conflict", `Another inbox already uses ${phoneNumber}`);
}

/**
 * An inbox that appears in or leaves a location changes what its admins see (owners and admins see every
 * inbox): they are announced with the members who changed.
 */
async function withLocationAdmins(ctx: ServerContext, db: Executor, members: string[], locationIds: string[]): Promise<string[]> {
  const admins = [...(await organisationAdminIds(db))];
  for (const locationId of locationIds) admins.push(...(await scopedAdminIdsOf(db, locationId)));
  const extra = [...new Set(admins)].filter((u) => !members.includes(u));
  if (extra.length > 0) await announceAccessChange(db, ctx, { type: "membership", userIds: extra });
  return [...members, ...extra];
}

/** Replaces the inbox's members; returns the users added or removed (announced to the other instances). */
async function setMembers(ctx: ServerContext, db: Executor, inboxId: string, memberIds: string[]): Promise<string[]> {
  const unique = [...new Set(memberIds)];
  if (unique.length > 0) {
    const found = await existingUserIds(db, unique);
    const missing = unique.filter((u) => !found.includes(u));
    if (missing.length > 0) throw new AppError("validation_failed", `memberIds: no user ${missing.join(", ")}`);
  }
  const before = await memberIdsOf(db, inboxId);
  await replaceMembers(db, inboxId, unique);
  const changed = [...unique.filter((u) => !before.includes(u)), ...before.filter((u) => !unique.includes(u))];
  if (changed.length > 0) await announceAccessChange(db, ctx, { type: "membership", userIds: changed });
  return changed;
}
