// The SQL of sequences: a rule's actions after a "wait" are one step row, due later. A due step is claimed by
// one instance (conditional update; SKIP LOCKED on PostgreSQL) and finished in the transaction that runs it,
// so of several instances, or a restart, exactly one runs it. Typed here (migration 280), not in db/schema.ts.
import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import type { CancelEvent } from "../../src/protocol/scheduled-sends";
import { isPostgres, type Executor } from "../db/executor";
import { newId } from "../ids";

interface StepTable {
  id: string;
  ruleId: string;
  /** The run it continues: the trigger key of the rule's first firing. */
  runKey: string;
  conversationId: string;
  /** The first action of the step (the one after its wait). */
  stepIndex: number;
  dueAt: string;
  cancelOn: string; // JSON array of CancelEvent
  afterPosition: number | string;
  status: string; // pending | done | cancelled
  claimedBy: string | null;
  claimedUntil: string | null;
  createdAt: string;
}
type Steps = { automationStep: StepTable };
type StepsDb = Kysely<Steps> | Transaction<Steps>;
const steps = (db: Executor) => (db as unknown as StepsDb).selectFrom("automationStep");
const stepsDb = (db: Executor) => db as unknown as StepsDb;

export interface NewStep {
  ruleId: string;
  runKey: string;
  conversationId: string;
  stepIndex: number;
  dueAt: string;
  cancelOn: CancelEvent[];
  afterPosition: number;
}

/** Schedules a step; one already scheduled for this run and index stays (a retried run schedules none twice). */
export async function insertStep(db: Executor, { cancelOn, ...step }: NewStep, at: string): Promise<void> {
  await stepsDb(db)
    .insertInto("automationStep")
    .values({ id: newId("astep"), ...step, cancelOn: JSON.stringify(cancelOn), status: "pending", createdAt: at })
    .onConflict((oc) => oc.columns(["ruleId", "runKey", "stepIndex"]).doNothing())
    .execute();
}

export const anyStepWaiting = async (db: Executor) => (await steps(db).select("id").where("status", "=", "pending").limit(1).executeTakeFirst()) !== undefined;

/** The conversations' waiting steps scheduled before feed position `before` (a reread of older events cancels none). */
export const pendingStepsIn = (db: Executor, conversationIds: string[], before: number) =>
  conversationIds.length === 0
    ? Promise.resolve([])
    : steps(db).selectAll().where("conversationId", "in", conversationIds).where("status", "=", "pending").where("afterPosition", "<", before).execute();

/** Cancels a waiting step; false when it already ran or was cancelled (by another instance, or a racing run). */
export async function cancelStep(db: Executor, id: string): Promise<boolean> {
  const done = await stepsDb(db)
    .updateTable("automationStep")
    .set({ status: "cancelled" })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Cancels the rule's waiting steps (its actions were edited: their step numbers no longer mean the same); returns them. */
export const cancelStepsOfRule = (db: Executor, ruleId: string) =>
  stepsDb(db)
    .updateTable("automationStep")
    .set({ status: "cancelled" })
    .where("ruleId", "=", ruleId)
    .where("status", "=", "pending")
    .returning(["id", "conversationId"])
    .execute();

/** Claims due steps for `by` until `until`: of several instances racing for one, exactly one gets it. */
export async function claimDueSteps(db: Executor, by: string, at: string, until: string, limit: number) {
  const s = stepsDb(db);
  const free = (eb: ExpressionBuilder<Steps, "automationStep">) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]);
  let due = steps(db).select("id").where("status", "=", "pending").where("dueAt", "<=", at).where(free).orderBy("dueAt").limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await s
    .updateTable("automationStep")
    .set({ claimedBy: by, claimedUntil: until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where(free)
    .execute();
  return steps(db).selectAll().where("id", "in", ids).where("claimedBy", "=", by).where("status", "=", "pending").execute();
}

/** Marks a claimed step done, in the transaction that runs it: false when it was cancelled or taken meanwhile. */
export async function finishStep(db: Executor, id: string, by: string): Promise<boolean> {
  const done = await stepsDb(db)
    .updateTable("automationStep")
    .set({ status: "done" })
    .where("id", "=", id)
    .where("claimedBy", "=", by)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}
