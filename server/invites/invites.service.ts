// Inviting teammates by link, without an email server: an owner or admin makes an invite for an email and a
// role and is shown the link once (only its hash is stored); whoever opens it before it expires picks a name
// and password and is signed in. The role rules are those of adding a user (users.service.ts): only an owner
// invites an owner. Joining is recorded in the feed (`user.created`); invites themselves are kept as rows
// (who invited whom, when, accepted or revoked) and on the audit trail (`audit.invite.*`, never in a client's
// feed: agents would receive them), where the link is only said to exist.
import type { Invite } from "../../src/protocol/invites";
import type { User } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import { AppError, notFound } from "../errors";
import { hashPassword, hashToken, newToken } from "../auth/passwords";
import { startSession } from "../auth/sessions";
import { inTransaction } from "../events/transaction";
import { findUserById, insertUser, userIdByEmail } from "../users/users.repository";
import { newId, now } from "../ids";
import { findInvite, findInviteForAccept, insertInvite, listInviteRows, markInvite, toInvite } from "./invites.repository";
import { mailInvite } from "./invite-mail";
import { recordAdminChange, secretChange } from "../audit/admin-changes";

const DAY_MS = 24 * 3600_000;

interface NewInvite {
  email: string;
  role: User["role"];
  expiresInDays?: number;
}

export async function createInvite(ctx: ServerContext, by: AuthedUser, input: NewInvite) {
  requireAdmin(by);
  if (input.role === "owner" && by.role !== "owner") throw new AppError("forbidden", "Only an owner can invite an owner");
  const { db } = ctx.database;
  if (await userIdByEmail(db, input.email)) throw new AppError("conflict", `${input.email} is already a teammate`);
  const token = newToken();
  const createdAt = now();
  const row = {
    id: newId("inv"),
    tokenHash: hashToken(token),
    email: input.email,
    role: input.role,
    invitedBy: by.id,
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + (input.expiresInDays ?? 7) * DAY_MS).toISOString(),
    acceptedAt: null,
    acceptedUserId: null,
    revokedAt: null,
  };
  await inTransaction(db, ctx.bus, async (tx) => {
    await insertInvite(tx.db, row);
    const changes = [
      { field: "email", to: row.email },
      { field: "role", to: row.role },
      { field: "expiresAt", to: row.expiresAt },
      secretChange("link", "set"),
    ];
    await recordAdminChange(tx, "audit.invite.created", by.id, { id: row.id, label: `Invite for ${row.email}`, changes });
  });
  // The web app's page for it (web/): the token stays in the fragment, out of server and proxy logs.
  const url = `${ctx.config.publicUrl}/#/invite/${token}`;
  const mail = ctx.config.smtp ? await mailInvite(ctx.config.smtp, { to: input.email, url, invitedBy: by.name, role: input.role }) : null;
  return { invite: toInvite(row), url, token, mailed: mail?.ok ?? false, ...(mail && !mail.ok ? { mailError: mail.error } : {}) };
}

export async function listInvites(ctx: ServerContext, by: AuthedUser): Promise<Invite[]> {
  requireAdmin(by);
  const at = now();
  return (await listInviteRows(ctx.database.db)).map((r) => toInvite(r, at));
}

/** The link stops working; the row stays, marked revoked. An accepted invite cannot be revoked (409). */
export async function revokeInvite(ctx: ServerContext, by: AuthedUser, id: string): Promise<void> {
  requireAdmin(by);
  const { db } = ctx.database;
  const row = await findInvite(db, id);
  if (!row) throw notFound("Invite");
  if (row.acceptedAt) throw new AppError("conflict", "This invite was accepted already: deactivate the teammate instead");
  if (row.revokedAt) return;
  await inTransaction(db, ctx.bus, async (tx) => {
    await markInvite(tx.db, id, { revokedAt: now() });
    await recordAdminChange(tx, "audit.invite.revoked", by.id, { id, label: `Invite for ${row.email}`, changes: [secretChange("link", "removed")] });
  });
}

/** A pending invite as its link's page shows it; 404 for a used, revoked, expired or unknown link. */
export async function previewInvite(ctx: ServerContext, token: string) {
  const { db } = ctx.database;
  const row = await findInviteForAccept(db, hashToken(token));
  if (!row || toInvite(row).state !== "pending") throw invalidLink();
  const inviter = await findUserById(db, row.invitedBy);
  return { email: row.email, role: row.role as Invite["role"], expiresAt: row.expiresAt, invitedByName: inviter?.name ?? "A teammate" };
}

const invalidLink = () => new AppError("not_found", "This invite link is not valid any more: ask for a new one");

/** A new teammate from a pending invite, signed in on this device. */
export async function acceptInvite(ctx: ServerContext, token: string, input: { name: string; password: string }, userAgent: string | undefined) {
  const passwordHash = await hashPassword(input.password);
  const user = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const row = await findInviteForAccept(tx.db, hashToken(token));
    if (!row || toInvite(row).state !== "pending") throw invalidLink();
    if (await userIdByEmail(tx.db, row.email)) throw new AppError("conflict", `${row.email} is already a teammate: sign in instead`);
    const created = await insertUser(tx.db, { email: row.email, name: input.name, role: row.role, passwordHash });
    await markInvite(tx.db, row.id, { acceptedAt: now(), acceptedUserId: created.id });
    await tx.emit("user.created", created, { actorId: created.id, action: "created" });
    return created;
  });
  const session = await startSession(ctx.database.db, user.id, { userAgent, idleTimeoutMs: ctx.config.sessionIdleMs });
  return { token: session, user };
}
