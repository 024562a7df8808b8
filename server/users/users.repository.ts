import type { Selectable } from "kysely";
import type { User } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import type { UserTable } from "../db/schema";

/** The API's view of a user: never the password hash. */
export const toUser = (r: Pick<Selectable<UserTable>, "id" | "email" | "name" | "role">): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as User["role"],
});

/** Everyone in the workspace (teammates to assign and mention), by name. */
export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom("user").select(["id", "email", "name", "role"]).orderBy("name").orderBy("id").execute();
  return rows.map(toUser);
}

/** The user with this email and their password hash, for signing in. */
export async function findUserForLogin(db: Executor, email: string) {
  return db.selectFrom("user").select(["id", "email", "name", "role", "passwordHash"]).where("email", "=", email.toLowerCase()).executeTakeFirst();
}
