// The SQL of automation timers: one row per (rule, trigger event), due at a time; claimed by one instance
// with a conditional update (SKIP LOCKED on PostgreSQL), cancelled with a reason that the run log keeps.
import { isPostgres, type Executor } from "../db/executor";
import { newId } from "../ids";
import { automationDb } from "./automations.schema";

/** Starts timers (one statement for all of an event's); one already started for its rule and trigger stays. */
export async function startTimers(db: Executor, timers: Array<{ ruleId: string; triggerKey: string; conversationId: string; dueAt: string }>, at: string) {
  if (timers.length === 0) return;
  await automationDb(db)
    .insertInto("automationTimer")
    .values(timers.map((t) => ({ id: newId("atim"), ...t, status: "pending", createdAt: at })))
    .onConflict((oc) => oc.columns(["ruleId", "triggerKey"]).doNothing())
    .execute();
}

/** The pending timers of these conversations. */
export function pendingTimersOf(db: Executor, conversationIds: string[]) {
  return automationDb(db)
    .selectFrom("automationTimer")
    .select(["id", "ruleId", "triggerKey", "conversationId"])
    .where("conversationId", "in", conversationIds)
    .where("status", "=", "pending")
    .execute();
}

/** Cancels those of these timers still pending; RETURNING says which were (a racing instance may have fired or cancelled some meanwhile). */
export function cancelPendingTimers(db: Executor, ids: string[]) {
  return automationDb(db)
    .updateTable("automationTimer")
    .set({ status: "cancelled" })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .returning(["id", "ruleId", "conversationId"])
    .execute();
}

/** Leases due timers until `until`: of several instances racing for one, exactly one gets it; counts the attempt. */
export async function claimDueTimers(db: Executor, by: string, at: string, until: string, limit: number) {
  const t = automationDb(db);
  let due = t
    .selectFrom("automationTimer")
    .select("id")
    .where("status", "=", "pending")
    .where("dueAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("dueAt")
    .limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await t
    .updateTable("automationTimer")
    .set((eb) => ({ claimedBy: by, claimedUntil: until, attempts: eb("attempts", "+", 1) }))
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .execute();
  // By id (the primary key): claimedBy has no index, and a scan of every pending timer per pass is what made 100,000 slow.
  return t.selectFrom("automationTimer").selectAll().where("id", "in", ids).where("claimedBy", "=", by).where("status", "=", "pending").execute();
}

/** Done, if still ours and not cancelled meanwhile: false when a reply cancelled it first or our lease was taken over. */
export async function finishTimer(db: Executor, id: string, by: string): Promise<boolean> {
  const done = await automationDb(db)
    .updateTable("automationTimer")
    .set({ status: "done" })
    .where("id", "=", id)
    .where("claimedBy", "=", by)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export const conversationIdsOfContact = async (db: Executor, contactId: string) =>
  (await db.selectFrom("conversation").select("id").where("contactId", "=", contactId).execute()).map((r) => r.id);
