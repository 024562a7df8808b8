import { sql } from "kysely";
import type { Executor } from "../db/executor";

/** The cheapest round trip: the database answers at all. */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
