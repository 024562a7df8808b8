import type { Selectable, Updateable } from "kysely";
import type { User } from "../../src/protocol/entities";
import type { Teammate } from "../../src/protocol/admin";
import { isPostgres, type Executor } from "../db/executor";
import type { UserTable } from "../db/schema";
import { newId, now } from "../ids";

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

const teammates = (db: Executor, at: string) =>
  db
    .selectFrom("user")
    .leftJoin("loginFailure", (j) => j.onRef("loginFailure.userId", "=", "user.id").on("loginFailure.lockedUntil", ">", at))
    .select(["user.id", "user.email", "user.name", "user.role", "user.createdAt", "user.deactivatedAt", "loginFailure.lockedUntil"]);
type TeammateRow = { id: string; email: string; name: string; role: string; createdAt: string; deactivatedAt: string | null; lockedUntil: string | null };
const toTeammate = (r: TeammateRow): Teammate => ({ ...toUser(r), createdAt: r.createdAt, deactivatedAt: r.deactivatedAt, lockedUntil: r.lockedUntil ?? null });

/** Everyone with when they joined, whether they are deactivated and whether failed sign-ins lock them out at `at`. */
export async function listTeammates(db: Executor, at: string): Promise<Teammate[]> {
  return (await teammates(db, at).orderBy("user.name").orderBy("user.id").execute()).map(toTeammate);
}

export async function findTeammate(db: Executor, id: string, at: string): Promise<Teammate | undefined> {
  const row = await teammates(db, at).where("user.id", "=", id).executeTakeFirst();
  return row && toTeammate(row);
}

/** The user with this email and their password hash, for signing in. */
export async function findUserForLogin(db: Executor, email: string) {
  return db
    .selectFrom("user")
    .select(["id", "email", "name", "role", "passwordHash", "deactivatedAt"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
}

export async function userIdByEmail(db: Executor, email: string): Promise<string | undefined> {
  return (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirst())?.id;
}

/** Users with any of these (lower-case) emails. */
export async function usersByEmail(db: Executor, emails: string[]) {
  return emails.length ? db.selectFrom("user").select(["id", "email"]).where("email", "in", emails).execute() : [];
}

export type NewUserRow = Pick<Selectable<UserTable>, "email" | "name" | "role" | "passwordHash"> & { createdAt?: string };

export async function insertUser(db: Executor, input: NewUserRow): Promise<User> {
  const user = { id: newId("usr"), ...input, createdAt: input.createdAt ?? now() };
  await db.insertInto("user").values(user).execute();
  return toUser(user);
}

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom("user").select(["id", "email", "name", "role"]).where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

/** The owners' ids; on PostgreSQL their rows stay locked to the end of the transaction. */
export async function lockOwners(trx: Executor): Promise<string[]> {
  const query = trx.selectFrom("user").select("id").where("role", "=", "owner");
  return (await (isPostgres(trx) ? query.forUpdate() : query).execute()).map((r) => r.id);
}

export async function updateUser(db: Executor, id: string, set: Updateable<UserTable>) {
  await db.updateTable("user").set(set).where("id", "=", id).execute();
}

/** Which of these ids are users. */
export async function existingUserIds(db: Executor, ids: string[]): Promise<string[]> {
  return (await db.selectFrom("user").select("id").where("id", "in", ids).execute()).map((r) => r.id);
}

export async function passwordHashOf(db: Executor, id: string): Promise<string> {
  return (await db.selectFrom("user").select("passwordHash").where("id", "=", id).executeTakeFirstOrThrow()).passwordHash;
}
