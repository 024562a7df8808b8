// Changing teammates (the admin API and the CLI). Roles: an owner may change anyone; an admin may change
// admins and agents but neither touch an owner nor make one; the workspace always keeps an owner. A role
// change is an access change: the user's remembered token checks drop and open streams close, so every
// client reads the new role at once (as for a change of inbox members).
import type { User } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { AppError, notFound } from "../errors";
import { announceAccessChange } from "../cluster/access-notice";
import { findTeammate, findUserById, insertUser, lockOwners, toUser, updateUser, userIdByEmail } from "./users.repository";
import type { Teammate } from "../../src/protocol/admin";
import { deleteSessions, sessionsOf } from "../auth/sessions.repository";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import type { AccessChange } from "../events/event-bus";
import { now } from "../ids";
import { clearFailedSignIns } from "../auth/account-lockout";
import { hashPassword } from "../auth/passwords";
import { administersAnything } from "../auth/permissions";
import { requireManagesTeammate } from "./teammate-scope";

export interface UserChanges {
  name?: string;
  role?: User["role"];
}
export interface NewUser {
  email: string;
  name: string;
  role: User["role"];
  password: string;
}

/** A new teammate who signs in with `password` (the one who made it tells them; they change it: POST /v1/auth/password). */
export async function createUser(ctx: ServerContext, by: AuthedUser, input: NewUser): Promise<User> {
  // A regional manager or location admin adds agents, then makes them members of their inboxes.
  if (by.role === "agent" && !administersAnything(by)) throw new AppError("forbidden", "Only owners and admins can add teammates");
  if (by.role === "agent" && input.role !== "agent") throw new AppError("forbidden", "A location admin adds agents only");
  if (input.role === "owner" && by.role !== "owner") throw new AppError("forbidden", "Only an owner can change an owner or make someone an owner");
  const { db } = ctx.database;
  const email = input.email.toLowerCase();
  if (await userIdByEmail(db, email)) throw new AppError("conflict", `A user with email ${email} already exists`);
  return insertUser(db, { email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
}

/** `by` is the signed-in user, or "cli" (the server's operator, who may change owners too). */
export async function changeUser(ctx: ServerContext, by: AuthedUser | "cli", userId: string, changes: UserChanges): Promise<User> {
  if (by !== "cli" && by.role === "agent" && !administersAnything(by)) throw new AppError("forbidden", "Only owners and admins can change teammates");
  const { db } = ctx.database;
  const result = await inTransaction(db, ctx.bus, async (tx) => {
    const trx = tx.db;
    const target = await findUserById(trx, userId);
    if (!target) throw notFound("User");
    if (by !== "cli") await requireManagesTeammate(trx, by, target, "change teammates");
    if (by !== "cli" && by.role === "agent" && changes.role !== undefined && changes.role !== "agent") {
      throw new AppError("forbidden", "Only owners and admins can make someone an admin or owner");
    }
    const touchesOwner = target.role === "owner" || changes.role === "owner";
    if (touchesOwner && by !== "cli" && by.role !== "owner") throw new AppError("forbidden", "Only an owner can change an owner or make someone an owner");
    const roleChanged = changes.role !== undefined && changes.role !== target.role;
    if (roleChanged && target.role === "owner") {
      // On PostgreSQL the owners' rows are locked: two owners demoting each other at once cannot both pass.
      if ((await lockOwners(trx)).length <= 1) throw new AppError("conflict", `${target.name} is the workspace's only owner: make someone else an owner first`);
    }
    const set = { ...(changes.name !== undefined ? { name: changes.name } : {}), ...(roleChanged ? { role: changes.role } : {}) };
    const user = toUser({ ...target, ...set });
    if (Object.keys(set).length > 0) {
      await updateUser(trx, userId, set);
      await tx.emit("user.updated", user, { actorId: by === "cli" ? null : by.id, action: "updated" });
      await recordAdminChange(tx, "audit.user.updated", by === "cli" ? null : by.id, {
        id: userId,
        label: `Teammate “${target.name}”`,
        changes: changedFields(target, set, ["name", "role"]),
      });
    }
    if (roleChanged) await announceAccessChange(trx, ctx, { type: "membership", userIds: [userId] });
    return { user, roleChanged };
  });
  if (result.roleChanged) ctx.bus.accessChanged({ type: "membership", userIds: [userId] });
  return result.user;
}

/**
 * A deactivated teammate cannot sign in and is signed out everywhere at once (their open streams close);
 * what they wrote and their inbox memberships stay, so reactivating them gives back what they had. Nobody
 * deactivates themselves (the workspace so keeps an owner), and only an owner deactivates an owner.
 */
export async function setDeactivated(ctx: ServerContext, by: AuthedUser, userId: string, deactivated: boolean): Promise<Teammate> {
  if (by.role === "agent" && !administersAnything(by)) throw new AppError("forbidden", "Only owners and admins can deactivate teammates");
  if (userId === by.id) throw new AppError("conflict", "You cannot deactivate or reactivate yourself: ask another owner or admin");
  const target = await findTeammate(ctx.database.db, userId, now());
  if (!target) throw notFound("User");
  await requireManagesTeammate(ctx.database.db, by, target, "deactivate or reactivate teammates");
  if (target.role === "owner" && by.role !== "owner") throw new AppError("forbidden", "Only an owner can deactivate or reactivate an owner");
  if (!!target.deactivatedAt === deactivated) return target;
  const deactivatedAt = deactivated ? now() : null;
  // The change, its feed event (the audit trail) and the end of every session: one transaction.
  const ended = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await updateUser(tx.db, userId, { deactivatedAt });
    await tx.emit("user.updated", toUser(target), { actorId: by.id, action: deactivated ? "deactivated" : "reactivated" });
    await recordAdminChange(tx, "audit.user.updated", by.id, {
      id: userId,
      label: `Teammate “${target.name}”`,
      changes: [{ field: "deactivated", from: !deactivated, to: deactivated }],
    });
    if (!deactivated) return [];
    const tokenHashes = await sessionsOf(tx.db, userId, null);
    if (tokenHashes.length > 0) await deleteSessions(tx.db, tokenHashes);
    const changes: AccessChange[] = tokenHashes.map((tokenHash) => ({ type: "signed_out", userId, tokenHash }));
    for (const change of changes) await announceAccessChange(tx.db, ctx, change);
    return changes;
  });
  // As endSessions (auth/sessions.ts) does: this instance drops the remembered tokens and closes the streams.
  for (const change of ended) ctx.bus.accessChanged(change);
  return { ...target, deactivatedAt };
}

/** Ends a lock after too many failed sign-ins (as `npm run cli -- user:unlock` does); only an owner unlocks an owner. */
export async function unlockTeammate(ctx: ServerContext, by: AuthedUser, userId: string): Promise<Teammate> {
  if (by.role === "agent" && !administersAnything(by)) throw new AppError("forbidden", "Only owners and admins can unlock teammates");
  const { db } = ctx.database;
  const target = await findTeammate(db, userId, now());
  if (!target) throw notFound("User");
  await requireManagesTeammate(db, by, target, "unlock teammates");
  if (target.role === "owner" && by.role !== "owner") throw new AppError("forbidden", "Only an owner can unlock an owner");
  await inTransaction(db, ctx.bus, async (tx) => {
    await clearFailedSignIns(tx.db, userId);
    await tx.emit("user.updated", toUser(target), { actorId: by.id, action: "unlocked" });
    await recordAdminChange(tx, "audit.user.updated", by.id, {
      id: userId,
      label: `Teammate “${target.name}”`,
      changes: [{ field: "lockedUntil", from: target.lockedUntil, to: null }],
    });
  });
  return { ...target, lockedUntil: null };
}
