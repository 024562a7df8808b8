// The SQL of the webhook queue, the push pipeline's pattern (push-jobs.repository.ts): a feed cursor moved by
// a conditional update in the transaction that stores the jobs (so of several instances exactly one stores a
// stretch's jobs), and jobs claimed by one conditional update with a lease that runs out if its sender dies.
// Unlike pushes, deliveries of one conversation go out in order: a job is not due while an earlier one of the
// same endpoint and order key is still pending.
import { sql, type ExpressionBuilder } from "kysely";
import type { Executor } from "../../db/executor";
import { newId } from "../../ids";
import { hooksDb, type WebhookTables } from "./webhooks.schema";

export interface Claim {
  by: string;
  until: string;
}
export interface NewWebhookJob {
  endpointId: string;
  messageId: string;
  eventType: string;
  orderKey: string;
  position: number;
  payload: string;
}

export async function webhookCursor(db: Executor): Promise<number> {
  const row = await hooksDb(db).selectFrom("webhookCursor").select("position").where("id", "=", 1).executeTakeFirstOrThrow();
  return Number(row.position);
}

/** Moves the cursor from `from` to `to` and stores `jobs`, only if nobody moved it since it was read. */
export async function advanceWebhookCursor(db: Executor, from: number, to: number, jobs: NewWebhookJob[], at: string): Promise<boolean> {
  return hooksDb(db)
    .transaction()
    .execute(async (trx) => {
      const moved = await trx.updateTable("webhookCursor").set({ position: to }).where("id", "=", 1).where("position", "=", from).executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      for (let i = 0; i < jobs.length; i += 200) await insertJobs(trx as unknown as Executor, jobs.slice(i, i + 200), at);
      return true;
    });
}

export async function insertJobs(db: Executor, jobs: NewWebhookJob[], at: string): Promise<string[]> {
  if (jobs.length === 0) return [];
  const rows = jobs.map((j) => ({ id: newId("whj"), ...j, status: "pending", attempts: 0, runAt: at, createdAt: at }));
  await hooksDb(db)
    .insertInto("webhookJob")
    .values(rows)
    .onConflict((oc) => oc.columns(["endpointId", "messageId"]).doNothing())
    .execute();
  return rows.map((r) => r.id);
}

/** Claims up to `limit` due jobs, each the oldest pending one of its endpoint and order key. */
export async function claimDueJobs(db: Executor, claim: Claim, at: string, limit: number) {
  const h = hooksDb(db);
  const free = (eb: ExpressionBuilder<WebhookTables, "webhookJob">) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]);
  const ids = (
    await h
      .selectFrom("webhookJob as j")
      .select("j.id")
      .where("j.status", "=", "pending")
      .where("j.runAt", "<=", at)
      .where((eb) => eb.or([eb("j.claimedUntil", "is", null), eb("j.claimedUntil", "<", at)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("webhookJob as e")
              .select(sql`1`.as("one"))
              .whereRef("e.endpointId", "=", "j.endpointId")
              .whereRef("e.orderKey", "=", "j.orderKey")
              .where("e.status", "=", "pending")
              .where((eb) =>
                eb.or([eb("e.position", "<", eb.ref("j.position")), eb.and([eb("e.position", "=", eb.ref("j.position")), eb("e.id", "<", eb.ref("j.id"))])]),
              ),
          ),
        ),
      )
      .orderBy("j.runAt")
      .limit(limit)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  await h
    .updateTable("webhookJob")
    .set({ claimedBy: claim.by, claimedUntil: claim.until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where(free)
    .execute();
  return h
    .selectFrom("webhookJob")
    .innerJoin("webhookEndpoint", "webhookEndpoint.id", "webhookJob.endpointId")
    .select([
      "webhookJob.id",
      "webhookJob.messageId",
      "webhookJob.payload",
      "webhookJob.attempts",
      "webhookJob.endpointId",
      "webhookEndpoint.url",
      "webhookEndpoint.secretSealed",
      "webhookEndpoint.previousSecretSealed",
      "webhookEndpoint.previousSecretUntil",
      "webhookEndpoint.disabledAt",
    ])
    .where("webhookJob.claimedBy", "=", claim.by)
    .where("webhookJob.status", "=", "pending")
    .orderBy("webhookJob.position")
    .execute();
}

export type ClaimedJob = Awaited<ReturnType<typeof claimDueJobs>>[number];

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

/** Logs one attempt and settles the job: delivered, due again at `runAt`, or (runAt null) failed. */
export async function settleJob(
  db: Executor,
  job: ClaimedJob,
  claim: string,
  at: string,
  result: AttemptResult,
  outcome: "delivered" | { runAt: string | null },
) {
  await hooksDb(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("webhookAttempt")
        .values({ id: newId("wha"), jobId: job.id, endpointId: job.endpointId, at, ...result })
        .execute();
      const attempts = job.attempts + 1;
      const set =
        outcome === "delivered"
          ? { status: "delivered", attempts, doneAt: at, lastError: null }
          : outcome.runAt
            ? { attempts, runAt: outcome.runAt, lastError: result.error }
            : { status: "failed", attempts, doneAt: at, lastError: result.error };
      await trx
        .updateTable("webhookJob")
        .set({ ...set, claimedUntil: null })
        .where("id", "=", job.id)
        .where("claimedBy", "=", claim)
        .execute();
    });
}

/** An endpoint is switched off (its receiver answered 410 Gone): its queued deliveries are dropped. */
export async function disableEndpoint(db: Executor, endpointId: string, reason: string, at: string) {
  await hooksDb(db).updateTable("webhookEndpoint").set({ disabledAt: at, disabledReason: reason, updatedAt: at }).where("id", "=", endpointId).execute();
  await cancelPending(db, endpointId, at);
}

export async function cancelPending(db: Executor, endpointId: string, at: string) {
  await hooksDb(db)
    .updateTable("webhookJob")
    .set({ status: "cancelled", doneAt: at, claimedUntil: null })
    .where("endpointId", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}

/** Finished deliveries are kept as the log for a while (LOG_KEEP_MS in start-webhooks.ts), then dropped with their attempts. */
export async function pruneFinishedJobs(db: Executor, before: string) {
  await hooksDb(db).deleteFrom("webhookJob").where("status", "!=", "pending").where("doneAt", "<", before).execute();
}
