// The SQL of the CRM log queue: the feed cursor the fan-out moves, and the jobs (log one message, note or
// transcript, or sync one contact, in one connection) that workers claim. Same pattern as push-jobs: the
// cursor moves by a conditional update in the transaction that stores the jobs; a job is claimed by one
// conditional update; a job asked for again while it runs gets its version raised, so the run that
// finishes it sees the change and leaves it due instead of done.
import { sql } from "kysely";
import { isPostgres, type Executor } from "../../db/executor";
import { newId, now } from "../../ids";
import { crmDb } from "./crm.schema";

export type CrmJobKind = "message" | "note" | "transcript" | "contact";
export interface JobRequest {
  connectionId: string;
  kind: CrmJobKind;
  entityId: string;
  /** Only raise a job that exists (a delivery update of a message logged before): never start one. */
  onlyIfQueued?: boolean;
}
export interface Claim {
  by: string;
  until: string;
}

export async function crmCursor(db: Executor): Promise<number> {
  const row = await crmDb(db).selectFrom("crmCursor").select("position").where("id", "=", 1).executeTakeFirstOrThrow();
  return Number(row.position);
}

const raise = (at: string) => ({
  status: "pending",
  version: sql<number>`${sql.ref("crmJob.version")} + 1`,
  attempts: 0,
  runAt: at,
  lastError: null,
  doneAt: null,
});

/** Moves the cursor from `from` to `to` and stores (or raises) the jobs, only if nobody moved it since: false when another instance did. */
export async function advanceCrmCursor(db: Executor, from: number, to: number, jobs: JobRequest[]): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const t = crmDb(trx);
    const moved = await t.updateTable("crmCursor").set({ position: to }).where("id", "=", 1).where("position", "=", from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const at = now();
    for (const job of jobs) {
      if (job.onlyIfQueued) {
        await t
          .updateTable("crmJob")
          .set(raise(at))
          .where("connectionId", "=", job.connectionId)
          .where("kind", "=", job.kind)
          .where("entityId", "=", job.entityId)
          .execute();
        continue;
      }
      await t
        .insertInto("crmJob")
        .values({
          id: newId("cjob"),
          connectionId: job.connectionId,
          kind: job.kind,
          entityId: job.entityId,
          status: "pending",
          version: 0,
          attempts: 0,
          runAt: at,
          createdAt: at,
        })
        .onConflict((oc) => oc.columns(["connectionId", "kind", "entityId"]).doUpdateSet(raise(at)))
        .execute();
    }
    return true;
  });
}

/** Asks for a job again now (the retry button; a replay): created if missing. */
export async function requeueJob(db: Executor, job: Omit<JobRequest, "onlyIfQueued">): Promise<void> {
  const at = now();
  await crmDb(db)
    .insertInto("crmJob")
    .values({ id: newId("cjob"), ...job, status: "pending", version: 0, attempts: 0, runAt: at, createdAt: at })
    .onConflict((oc) => oc.columns(["connectionId", "kind", "entityId"]).doUpdateSet(raise(at)))
    .execute();
}

/** Claims up to `limit` due jobs: of two workers racing for one, exactly one gets it (SKIP LOCKED on PostgreSQL). */
export async function claimDueCrmJobs(db: Executor, claim: Claim, limit: number, at = now()) {
  const t = crmDb(db);
  let due = t
    .selectFrom("crmJob")
    .select("id")
    .where("status", "=", "pending")
    .where("runAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("runAt")
    .limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await t
    .updateTable("crmJob")
    .set({ claimedBy: claim.by, claimedUntil: claim.until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .execute();
  return t.selectFrom("crmJob").selectAll().where("claimedBy", "=", claim.by).where("status", "=", "pending").execute();
}

/** Done, unless asked for again meanwhile (version raised): then released, due again at once. */
export async function finishJob(db: Executor, job: { id: string; version: number }, claim: string): Promise<void> {
  const t = crmDb(db);
  const done = await t
    .updateTable("crmJob")
    .set({ status: "done", doneAt: now(), claimedUntil: null, lastError: null })
    .where("id", "=", job.id)
    .where("claimedBy", "=", claim)
    .where("version", "=", job.version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0)
    await t.updateTable("crmJob").set({ claimedUntil: null }).where("id", "=", job.id).where("claimedBy", "=", claim).execute();
}

/** Due again at `runAt`, or given up (failed, kept with its reason) when `runAt` is null. */
export async function failJob(db: Executor, job: { id: string; version: number }, claim: string, attempts: number, reason: string, runAt: string | null) {
  await crmDb(db)
    .updateTable("crmJob")
    .set(
      runAt ? { attempts, lastError: reason, runAt, claimedUntil: null } : { attempts, lastError: reason, status: "failed", doneAt: now(), claimedUntil: null },
    )
    .where("id", "=", job.id)
    .where("claimedBy", "=", claim)
    .execute();
}

export const crmRecordOf = (db: Executor, connectionId: string, entityId: string) =>
  crmDb(db).selectFrom("crmRecord").select("crmRecordId").where("connectionId", "=", connectionId).where("entityId", "=", entityId).executeTakeFirst();

export async function saveCrmRecord(db: Executor, connectionId: string, entityId: string, crmRecordId: string): Promise<void> {
  await crmDb(db)
    .insertInto("crmRecord")
    .values({ connectionId, entityId, crmRecordId, updatedAt: now() })
    .onConflict((oc) => oc.columns(["connectionId", "entityId"]).doUpdateSet({ crmRecordId, updatedAt: now() }))
    .execute();
}

/** Each connection's job and record for these entities (the log status shown beside each message). */
export function logStatusOf(db: Executor, entityIds: string[]) {
  return crmDb(db)
    .selectFrom("crmJob")
    .innerJoin("crmConnection", "crmConnection.id", "crmJob.connectionId")
    .leftJoin("crmRecord", (j) => j.onRef("crmRecord.connectionId", "=", "crmJob.connectionId").onRef("crmRecord.entityId", "=", "crmJob.entityId"))
    .select(["crmJob.entityId", "crmJob.connectionId", "crmJob.status", "crmJob.lastError", "crmConnection.provider", "crmRecord.crmRecordId"])
    .where("crmJob.entityId", "in", entityIds)
    .where("crmJob.kind", "in", ["message", "note"])
    .execute();
}
