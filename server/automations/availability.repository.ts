// The SQL of teammates' availability: their away switch and when a client of theirs was last seen.
import type { Executor } from "../db/executor";
import { automationDb } from "./automations.schema";

export const availabilityRowOf = (db: Executor, userId: string) =>
  automationDb(db).selectFrom("memberAvailability").selectAll().where("userId", "=", userId).executeTakeFirst();

export const availabilityRowsOf = (db: Executor, userIds: string[]) =>
  userIds.length === 0 ? Promise.resolve([]) : automationDb(db).selectFrom("memberAvailability").selectAll().where("userId", "in", userIds).execute();

export async function saveLastSeen(db: Executor, userId: string, at: string): Promise<void> {
  await automationDb(db)
    .insertInto("memberAvailability")
    .values({ userId, away: 0, lastSeenAt: at, updatedAt: at })
    .onConflict((oc) => oc.column("userId").doUpdateSet({ lastSeenAt: at }))
    .execute();
}

export async function saveAway(db: Executor, userId: string, away: boolean, at: string): Promise<void> {
  await automationDb(db)
    .insertInto("memberAvailability")
    .values({ userId, away: away ? 1 : 0, lastSeenAt: at, updatedAt: at })
    .onConflict((oc) => oc.column("userId").doUpdateSet({ away: away ? 1 : 0, lastSeenAt: at, updatedAt: at }))
    .execute();
}
