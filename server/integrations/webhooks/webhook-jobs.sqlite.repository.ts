// The webhook queue's per-delivery writes on SQLite (./webhook-jobs.repository.ts): the fan-out's job rows and the
// settle's attempt rows and job updates, through better-sqlite3 statements prepared once per database and run row by
// row, as the inbound store does (messages/inbound-store.sqlite.ts). Through Kysely each of them was a multi-row
// statement built and compiled anew per batch, on the server's thread beside ingest, and that cost about as much as
// SQLite's own work on the rows. They run inside the caller's Kysely transaction, which holds its one connection.
import type SQLite from "better-sqlite3";
import { preparedOnce } from "../../db/prepared-statements";
import { newId } from "../../ids";
import type { NewWebhookJob, Settlement } from "./webhook-jobs.repository";

const SQL = {
  insertJob: `INSERT INTO "webhookJob" ("id", "endpointId", "messageId", "eventType", "orderKey", "position", "payload", "status", "attempts", "runAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT ("endpointId", "messageId") DO NOTHING`,
  insertAttempt: `INSERT INTO "webhookAttempt" ("id", "jobId", "endpointId", "at", "statusCode", "error", "responseExcerpt", "durationMs") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  delivered: `UPDATE "webhookJob" SET "status" = 'delivered', "attempts" = "attempts" + 1, "doneAt" = ?, "lastError" = NULL, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
  retry: `UPDATE "webhookJob" SET "attempts" = ?, "runAt" = ?, "lastError" = ?, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
  failed: `UPDATE "webhookJob" SET "status" = 'failed', "attempts" = ?, "doneAt" = ?, "lastError" = ?, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
} as const;

const statements = preparedOnce(SQL);

/** The same rows as insertJobs in ./webhook-jobs.repository.ts; a job already queued for its endpoint is skipped. */
export function insertJobRows(sqlite: SQLite.Database, jobs: NewWebhookJob[], at: string): string[] {
  const st = statements(sqlite);
  return jobs.map((j) => {
    const id = newId("whj");
    st.insertJob.run(id, j.endpointId, j.messageId, j.eventType, j.orderKey, j.position, j.payload, at, at);
    return id;
  });
}

/** The same writes as settleJobs' Kysely path: one attempt row per settlement, and its job settled if `claim` still holds it. */
export function settleJobRows(sqlite: SQLite.Database, claim: string, settled: Settlement[]) {
  const st = statements(sqlite);
  for (const { job, at, result, outcome } of settled) {
    st.insertAttempt.run(newId("wha"), job.id, job.endpointId, at, result.statusCode, result.error, result.responseExcerpt, result.durationMs);
    if (outcome === "delivered") st.delivered.run(at, job.id, claim);
    else if (outcome.runAt) st.retry.run(job.attempts + 1, outcome.runAt, result.error, job.id, claim);
    else st.failed.run(job.attempts + 1, at, result.error, job.id, claim);
  }
}
