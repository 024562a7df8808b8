// The SQL of automation timers: one row per (rule, trigger event that started it), due at a time, moved in place
// when restarted; claimed by one instance with a conditional update (SKIP LOCKED on PostgreSQL), cancelled with a
// reason that the run log keeps.
import { sql } from "kysely";
import { isPostgres, type Executor } from "../db/executor";
import { automationDb } from "./automations.schema";

/** Starts timers (one statement for all of an event's); one already started for its rule and trigger stays. */
export async function startTimers(
  db: Executor,
  timers: Array<{ id: string; ruleId: string; triggerKey: string; conversationId: string; dueAt: string; startPosition: number; restarts: number }>,
  at: string,
) {
  if (timers.length === 0) return;
  for (let i = 0; i < timers.length; i += 500)
    await automationDb(db)
      .insertInto("automationTimer")
      .values(
        timers.slice(i, i + 500).map(({ id, ruleId, triggerKey, conversationId, dueAt, startPosition, restarts }) => ({
          id,
          ruleId,
          triggerKey,
          conversationId,
          dueAt,
          startPosition,
          restarts,
          status: "pending",
          createdAt: at,
        })),
      )
      .onConflict((oc) => oc.columns(["ruleId", "triggerKey"]).doNothing())
      .execute();
}

/** These conversations' pending timers, and those started after `after` (a stretch read again starts none twice: ./timer-plan.ts). */
export async function timersOf(db: Executor, conversationIds: string[], after: number) {
  const rows = await automationDb(db)
    .selectFrom("automationTimer")
    .select(["id", "ruleId", "conversationId", "startPosition", "status"])
    .where("conversationId", "in", conversationIds)
    // Literal statuses: migration 380's partial indexes are chosen by their predicates.
    .where((eb) =>
      eb.or([eb("status", "=", sql<string>`'pending'`), eb.and([eb("status", "in", sql<string>`('done', 'cancelled')`), eb("startPosition", ">", after)])]),
    )
    .execute();
  return rows.map((r) => ({ ...r, startPosition: Number(r.startPosition) }));
}

/** A restart: moves the timer if it is still pending where `from` says, and takes back any lease (a run in flight then finishes nothing). */
export async function moveTimer(db: Executor, m: { id: string; from: number; to: number; dueAt: string; restarts: number }): Promise<boolean> {
  const moved = await automationDb(db)
    .updateTable("automationTimer")
    .set((eb) => ({ dueAt: m.dueAt, startPosition: m.to, restarts: eb("restarts", "+", m.restarts), claimedBy: null, claimedUntil: null, attempts: 0 }))
    .where("id", "=", m.id)
    .where("status", "=", "pending")
    .where("startPosition", "=", m.from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

export async function timerNow(db: Executor, id: string) {
  const row = await automationDb(db).selectFrom("automationTimer").select(["status", "startPosition"]).where("id", "=", id).executeTakeFirst();
  return row ? { status: row.status, startPosition: Number(row.startPosition) } : undefined;
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
