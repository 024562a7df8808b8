// Resolves a bearer token to its user. Used by the HTTP hook and by the stream's auth frame.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { User } from "../../src/protocol/entities";
import { hashToken } from "./passwords";

export interface AuthedUser extends User {
  /** Inboxes the user is a member of: the one permission boundary of Sidetext. */
  inboxIds: string[];
}

/** One query on every authenticated request: the token's user and their inbox memberships together. */
export async function userForToken(db: Kysely<Database>, token: string): Promise<AuthedUser | null> {
  const rows = await db
    .selectFrom("apiToken")
    .innerJoin("user", "user.id", "apiToken.userId")
    .leftJoin("inboxMember", "inboxMember.userId", "user.id")
    .select(["user.id", "user.email", "user.name", "user.role", "apiToken.expiresAt", "inboxMember.inboxId"])
    .where("apiToken.tokenHash", "=", hashToken(token))
    .execute();
  const row = rows[0];
  if (!row || row.expiresAt <= new Date().toISOString()) return null;
  const inboxIds = rows.flatMap((r) => (r.inboxId ? [r.inboxId] : []));
  return { id: row.id, email: row.email, name: row.name, role: row.role as User["role"], inboxIds };
}

export const bearerToken = (header: string | undefined) => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m ? m[1] : null;
};
