// Resolves a bearer token to its user. Used by the HTTP hook and by the stream's auth frame.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { User } from "../../src/protocol/entities";
import { hashToken } from "./passwords";

export interface AuthedUser extends User {
  /** Inboxes the user is a member of: the one permission boundary of Sidetext. */
  inboxIds: string[];
}

export async function userForToken(db: Kysely<Database>, token: string): Promise<AuthedUser | null> {
  const row = await db
    .selectFrom("apiToken")
    .innerJoin("user", "user.id", "apiToken.userId")
    .select(["user.id", "user.email", "user.name", "user.role", "apiToken.expiresAt"])
    .where("apiToken.tokenHash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= new Date().toISOString()) return null;
  const inboxes = await db.selectFrom("inboxMember").select("inboxId").where("userId", "=", row.id).execute();
  return { id: row.id, email: row.email, name: row.name, role: row.role as User["role"], inboxIds: inboxes.map((i) => i.inboxId) };
}

export const bearerToken = (header: string | undefined) => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m ? m[1] : null;
};
