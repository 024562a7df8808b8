// The SQL of routing a conversation to a person: the inbox's members who can take work, each rule's round-robin
// pointer, and open-conversation counts for load balancing.
import type { Executor } from "../db/executor";
import { automationDb } from "./automations.schema";

/** The inbox's members who can take work: not deactivated, in a stable order. */
export async function activeMemberIds(db: Executor, inboxId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("inboxMember")
    .innerJoin("user", "user.id", "inboxMember.userId")
    .select("user.id")
    .where("inboxMember.inboxId", "=", inboxId)
    .where("user.deactivatedAt", "is", null)
    .orderBy("user.id")
    .execute();
  return rows.map((r) => r.id);
}
export async function lastRoundRobin(db: Executor, ruleId: string): Promise<string | null> {
  return (await automationDb(db).selectFrom("automationRoundRobin").select("lastUserId").where("ruleId", "=", ruleId).executeTakeFirst())?.lastUserId ?? null;
}
export async function saveRoundRobin(db: Executor, ruleId: string, lastUserId: string): Promise<void> {
  await automationDb(db)
    .insertInto("automationRoundRobin")
    .values({ ruleId, lastUserId })
    .onConflict((oc) => oc.column("ruleId").doUpdateSet({ lastUserId }))
    .execute();
}
/** Open (or pending) conversations assigned to each of these users, any inbox. */
export async function openCounts(db: Executor, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("conversation")
    .select(["assigneeId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("assigneeId", "in", userIds)
    .where("status", "in", ["open", "pending"])
    .groupBy("assigneeId")
    .execute();
  return new Map(rows.map((r) => [r.assigneeId as string, Number(r.n)]));
}
