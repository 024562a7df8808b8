// The SQL of invites. Rows are never deleted: accepted, expired and revoked invites stay as the record of who
// invited whom.
import type { Selectable } from "kysely";
import type { Invite } from "../../src/protocol/invites";
import { forWrite, type Executor } from "../db/executor";
import type { InviteTable } from "../db/schema";

export const toInvite = (r: Selectable<InviteTable>, at = new Date().toISOString()): Invite => ({
  id: r.id,
  email: r.email,
  role: r.role as Invite["role"],
  invitedBy: r.invitedBy,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  state: r.acceptedAt ? "accepted" : r.revokedAt ? "revoked" : r.expiresAt <= at ? "expired" : "pending",
  acceptedUserId: r.acceptedUserId,
});

export async function insertInvite(db: Executor, row: Selectable<InviteTable>): Promise<void> {
  await db.insertInto("invite").values(row).execute();
}

export async function listInviteRows(db: Executor) {
  return db.selectFrom("invite").selectAll().orderBy("createdAt", "desc").orderBy("id").limit(500).execute();
}

export const findInvite = (db: Executor, id: string) => db.selectFrom("invite").selectAll().where("id", "=", id).executeTakeFirst();

/** The invite of a link, locked for the transaction on PostgreSQL (two accepts of one link: one wins). */
export const findInviteForAccept = (db: Executor, tokenHash: string) =>
  forWrite(db, db.selectFrom("invite").selectAll().where("tokenHash", "=", tokenHash)).executeTakeFirst();

export async function markInvite(db: Executor, id: string, set: Partial<Pick<InviteTable, "acceptedAt" | "acceptedUserId" | "revokedAt">>) {
  await db.updateTable("invite").set(set).where("id", "=", id).execute();
}
