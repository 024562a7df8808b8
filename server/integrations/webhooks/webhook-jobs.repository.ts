// The SQL of the webhook queue, the push pipeline's pattern (push-jobs.repository.ts): a feed cursor moved by
// a conditional update in the transaction that stores the jobs (so of several instances exactly one stores a
// stretch's jobs), and jobs claimed by one conditional update with a lease that runs out if its sender dies.
// Unlike pushes, deliveries of one conversation go out in order: a job is not due while an earlier one of the
// same endpoint and order key is still pending.
import type SQLite from "better-sqlite3";
import { sql } from "kysely";
import { isPostgres, type Executor } from "../../db/executor";
import { newId } from "../../ids";
import { insertJobRows, settleJobRows } from "./webhook-jobs.sqlite.repository";
import { hooksDb } from "./webhooks.schema";

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

/**
 * Moves the cursor from `from` to `to` and stores `jobs`, only if nobody moved it since it was read. On SQLite the
 * rows go through prepared statements (`sqlite`, the raw handle: ./webhook-jobs.sqlite.repository.ts).
 */
export async function advanceWebhookCursor(
  db: Executor,
  sqlite: SQLite.Database | null,
  from: number,
  to: number,
  jobs: NewWebhookJob[],
  at: string,
): Promise<boolean> {
  return hooksDb(db)
    .transaction()
    .execute(async (trx) => {
      const moved = await trx.updateTable("webhookCursor").set({ position: to }).where("id", "=", 1).where("position", "=", from).executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      if (sqlite && !isPostgres(db)) insertJobRows(sqlite, jobs, at);
      else for (let i = 0; i < jobs.length; i += 200) await insertJobs(trx as unknown as Executor, jobs.slice(i, i + 200), at);
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

/**
 * Claims up to `limit` due jobs, each the oldest pending one of its endpoint and order key: one conditional
 * update that returns what it took (of two senders racing for a job, the update of only one still finds it
 * free), then the batch's endpoints in one read. Returned in feed order.
 */
export async function claimDueJobs(db: Executor, claim: Claim, at: string, limit: number): Promise<ClaimedJob[]> {
  const h = hooksDb(db);
  const due = h
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
    .limit(limit);
  const jobs = await h
    .updateTable("webhookJob")
    .set({ claimedBy: claim.by, claimedUntil: claim.until })
    .where("id", "in", due)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .returning(["id", "messageId", "payload", "attempts", "endpointId", "position"])
    .execute();
  if (jobs.length === 0) return [];
  const endpoints = new Map(
    (
      await h
        .selectFrom("webhookEndpoint")
        .select(["id", "url", "secretSealed", "previousSecretSealed", "previousSecretUntil", "disabledAt"])
        .where("id", "in", [...new Set(jobs.map((j) => j.endpointId))])
        .execute()
    ).map((e) => [e.id, e]),
  );
  return jobs
    .sort((a, b) => Number(a.position) - Number(b.position) || (a.id < b.id ? -1 : 1))
    .flatMap(({ position: _, ...job }) => {
      const e = endpoints.get(job.endpointId);
      return e
        ? [
            {
              ...job,
              url: e.url,
              secretSealed: e.secretSealed,
              previousSecretSealed: e.previousSecretSealed,
              previousSecretUntil: e.previousSecretUntil,
              disabledAt: e.disabledAt,
            },
          ]
        : [];
    });
}

export interface ClaimedJob {
  id: string;
  messageId: string;
  payload: string;
  attempts: number;
  endpointId: string;
  url: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretUntil: string | null;
  disabledAt: string | null;
}

/** Gives back jobs this claim holds but did not start: due again at once for any sender. */
export async function releaseJobs(db: Executor, claim: string, ids: string[]) {
  for (let i = 0; i < ids.length; i += 500)
    await hooksDb(db)
      .updateTable("webhookJob")
      .set({ claimedBy: null, claimedUntil: null })
      .where("id", "in", ids.slice(i, i + 500))
      .where("claimedBy", "=", claim)
      .where("status", "=", "pending")
      .execute();
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

export interface Settlement {
  job: ClaimedJob;
  at: string;
  result: AttemptResult;
  outcome: "delivered" | { runAt: string | null };
}

/**
 * Logs a claimed batch's attempts and settles its jobs (delivered, due again at `runAt`, or failed when runAt
 * is null) in one transaction: one commit (one fsync on the single SQLite writer that ingest needs too) for
 * the whole batch rather than one per delivery. Only jobs this claim still holds are settled. On SQLite the rows go
 * through prepared statements (`sqlite`, the raw handle: ./webhook-jobs.sqlite.repository.ts).
 */
export async function settleJobs(db: Executor, sqlite: SQLite.Database | null, claim: string, settled: Settlement[]) {
  if (settled.length === 0) return;
  await hooksDb(db)
    .transaction()
    .execute(async (trx) => {
      if (sqlite && !isPostgres(db)) return settleJobRows(sqlite, claim, settled);
      const attempts = settled.map((s) => ({ id: newId("wha"), jobId: s.job.id, endpointId: s.job.endpointId, at: s.at, ...s.result }));
      for (let i = 0; i < attempts.length; i += 100)
        await trx
          .insertInto("webhookAttempt")
          .values(attempts.slice(i, i + 100))
          .execute();
      // Deliveries (nearly all of them) are settled by one update per 500, each job's doneAt its own attempt's
      // time; retries and failures go one by one.
      const delivered = settled.filter((s) => s.outcome === "delivered");
      for (let i = 0; i < delivered.length; i += 500) {
        const chunk = delivered.slice(i, i + 500);
        const doneAt = sql<string>`case ${sql.ref("id")} ${sql.join(
          chunk.map((s) => sql`when ${s.job.id} then ${s.at}`),
          sql` `,
        )} end`;
        await trx
          .updateTable("webhookJob")
          .set({ status: "delivered", attempts: sql`attempts + 1`, doneAt, lastError: null, claimedUntil: null })
          .where(
            "id",
            "in",
            chunk.map((s) => s.job.id),
          )
          .where("claimedBy", "=", claim)
          .execute();
      }
      for (const s of settled) {
        if (s.outcome === "delivered") continue;
        const set = s.outcome.runAt
          ? { attempts: s.job.attempts + 1, runAt: s.outcome.runAt, lastError: s.result.error }
          : { status: "failed", attempts: s.job.attempts + 1, doneAt: s.at, lastError: s.result.error };
        await trx
          .updateTable("webhookJob")
          .set({ ...set, claimedUntil: null })
          .where("id", "=", s.job.id)
          .where("claimedBy", "=", claim)
          .execute();
      }
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
