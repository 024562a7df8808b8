// The demo history's SQL: which inboxes and members there are, and bulk inserts of the planned rows.
import type { Executor } from "../db/executor";

const CHUNK = 200;

export const inboxesWithMembers = async (db: Executor) => ({
  inboxes: await db.selectFrom("inbox").select(["id", "name"]).orderBy("createdAt").orderBy("name").execute(),
  members: await db.selectFrom("inboxMember").select(["inboxId", "userId"]).execute(),
});

/** Inserts rows into one of the history's tables, a few hundred per statement. */
export async function insertMany(db: Executor, table: "contact" | "conversation" | "message" | "event", rows: unknown[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
}
