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
  /** The feed position of the event asking for it (claims keep feed order). */
  position?: number;
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
          position: job.position ?? 0,
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
    .values({ id: newId("cjob"), ...job, status: "pending", version: 0, attempts: 0, runAt: at, createdAt: at, position: 0 })
    .onConflict((oc) => oc.columns(["connectionId", "kind", "entityId"]).doUpdateSet(raise(at)))
    .execute();
}

/**
 * Claims up to `limit` due jobs, in feed order: of two workers racing for one, exactly one gets it (SKIP
 * LOCKED on PostgreSQL). `orphaned`: an earlier claim ran out without settling the job (its worker died,
 * maybe after the CRM created the record and before its id was stored).
 */
export async function claimDueCrmJobs(db: Executor, claim: Claim, limit: number, at = now()) {
  const t = crmDb(db);
  let due = t
    .selectFrom("crmJob")
    .select(["id", "claimedUntil"])
    .where("status", "=", "pending")
    .where("runAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("runAt")
    .orderBy("position")
    .limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const picked = await due.execute();
  const ids = picked.map((r) => r.id);
  if (ids.length === 0) return [];
  const orphaned = new Set(picked.filter((r) => r.claimedUntil !== null).map((r) => r.id));
  await t
    .updateTable("crmJob")
    .set({ claimedBy: claim.by, claimedUntil: claim.until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .execute();
  const jobs = await t
    .selectFrom("crmJob")
    .selectAll()
    .where("claimedBy", "=", claim.by)
    .where("status", "=", "pending")
    .orderBy("runAt")
    .orderBy("position")
    .execute();
  return jobs.map((j) => ({ ...j, orphaned: orphaned.has(j.id) }));
}

type SettledJob = { id: string; version: number; connectionId: string; entityId: string };
/** What a run made of a claimed job. */
export type CrmSettlement =
  /** Logged (`recordId`: the CRM record it created, to keep), or nothing left to log. */
  | { job: SettledJob; outcome: "done"; recordId?: string }
  /** Tried and failed: due again at `runAt`, or given up (failed, kept with its reason) when `runAt` is null. */
  | { job: SettledJob; outcome: "failed"; attempts: number; reason: string; runAt: string | null }
  /** Not tried (an earlier job of its contact failed, or the CRM asked us to wait): due at `runAt`, no attempt counted; `reason` shown. */
  | { job: SettledJob; outcome: "deferred"; runAt: string; reason: string };

/**
 * Settles a claimed batch in one transaction: one commit (one fsync on SQLite's single writer, which ingest
 * needs too) for the whole batch instead of two per job. The records created are stored here too, so a
 * worker dying before this commit leaves the batch's records made in the CRM with their ids not stored:
 * the claims run out and the jobs run again as orphans (crm-worker.ts looks for the record before creating).
 * A job asked for again meanwhile (version raised) is released, due again at once, instead of done.
 */
export async function settleCrmJobs(db: Executor, claim: string, settled: CrmSettlement[]): Promise<void> {
  if (settled.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const t = crmDb(trx);
    const at = now();
    for (const s of settled) {
      if (s.outcome !== "done" || !s.recordId) continue;
      await t
        .insertInto("crmRecord")
        .values({ connectionId: s.job.connectionId, entityId: s.job.entityId, crmRecordId: s.recordId, updatedAt: at })
        .onConflict((oc) => oc.columns(["connectionId", "entityId"]).doUpdateSet({ crmRecordId: s.recordId, updatedAt: at }))
        .execute();
    }
    const done = new Map<number, string[]>();
    for (const s of settled) if (s.outcome === "done") done.set(s.job.version, [...(done.get(s.job.version) ?? []), s.job.id]);
    for (const [version, ids] of done)
      for (let i = 0; i < ids.length; i += 500)
        await t
          .updateTable("crmJob")
          .set({ status: "done", doneAt: at, claimedUntil: null, lastError: null })
          .where("id", "in", ids.slice(i, i + 500))
          .where("claimedBy", "=", claim)
          .where("version", "=", version)
          .execute();
    const raised = [...done.values()].flat();
    for (let i = 0; i < raised.length; i += 500)
      await t
        .updateTable("crmJob")
        .set({ claimedUntil: null })
        .where("id", "in", raised.slice(i, i + 500))
        .where("claimedBy", "=", claim)
        .where("status", "=", "pending")
        .execute();
    for (const s of settled) {
      if (s.outcome === "done") continue;
      const set =
        s.outcome === "deferred"
          ? { runAt: s.runAt, lastError: s.reason }
          : s.runAt
            ? { attempts: s.attempts, lastError: s.reason, runAt: s.runAt }
            : { attempts: s.attempts, lastError: s.reason, status: "failed", doneAt: at };
      await t
        .updateTable("crmJob")
        .set({ ...set, claimedUntil: null })
        .where("id", "=", s.job.id)
        .where("claimedBy", "=", claim)
        .execute();
    }
  });
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
