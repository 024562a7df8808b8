// Runs claimed CRM jobs. Each run reads the entity as it is now, so a rerun writes the current state: the
// first run creates the CRM record and keeps its id (crmRecord), every later one (a delivery update, a
// retry, a replay) updates that record instead of making a second. 429 and 5xx are tried again after the
// CRM's Retry-After, else 2 s, 8 s, 32 s… up to 8 attempts; anything else is kept as failed with its reason.
//
// A claimed batch runs one line per contact side by side (a contact's jobs one after another, in feed
// order), its creates sent together where the CRM has a batch endpoint (crm-log-batch.ts), and it is
// settled in one transaction. A line stops at a failure worth retrying: the rest of it waits for the same
// time, so a conversation's texts reach the CRM in order. A 429 holds the whole connection until its
// Retry-After (crm-adapters.ts).
// The one window for a duplicate is a worker dying after the CRM created records and before the batch's
// settle stored their ids; the claims then run out and the jobs run again as orphans, and an adapter that
// can (HubSpot: findLog) looks for the record it made before making another.
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { CrmFailure, providerNames, type CrmAdapter, type CrmProvider } from "./crm-adapter";
import { allConnections, type CrmConnectionRow } from "./crm-connections.repository";
import { connectionAdapter, waitForCrm, waitingUntil } from "./crm-adapters";
import { CreateBatcher } from "./crm-log-batch";
import { planJob } from "./crm-job-plan";
import { claimDueCrmJobs, settleCrmJobs, type Claim, type CrmSettlement } from "./crm-jobs.repository";
import { readBatch, type BatchReads } from "./crm-batch-reads.repository";
import { noteConversationOf } from "./crm.repository";

const CLAIM_MS = 120_000;
const BATCH = 200;
/** Lines (contacts) run side by side; their creates share one batch request per round. */
const LINES = 64;
const MAX_ATTEMPTS = 8;
const backoffMs = (attempts: number) => Math.min(2000 * 4 ** (attempts - 1), 3600_000);

const newCrmClaim = (instance: string, at: number): Claim => ({
  by: `${instance}:${randomText(9, "base64url")}`,
  until: new Date(at + CLAIM_MS).toISOString(),
});

/** The scheduler's time: Date, or a test's clock that jumps to a retry's time instead of waiting for it. */
export interface Clock {
  now(): number;
}

type Job = Awaited<ReturnType<typeof claimDueCrmJobs>>[number];
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs what is due at `clock`'s time; returns how many jobs it took. */
export async function runDueCrmJobs(ctx: ServerContext, instance: string, clock: Clock = Date): Promise<number> {
  const claim = newCrmClaim(instance, clock.now());
  const jobs = await claimDueCrmJobs(ctx.database.db, claim, BATCH, iso(clock.now()));
  if (jobs.length === 0) return 0;
  const connections = new Map((await allConnections(ctx.database.db)).map((c) => [c.id, c]));
  const reads = await readBatch(ctx.database.db, jobs);
  const lines = new Map<string, Job[]>();
  for (const job of jobs) {
    const key = `${job.connectionId}:${await contactOf(ctx, job, reads)}`;
    lines.set(key, [...(lines.get(key) ?? []), job]);
  }
  const batchers = new Map<string, CreateBatcher>();
  const settled: CrmSettlement[] = [];
  const queue = [...lines.values()];
  const worker = async () => {
    for (let line = queue.shift(); line; line = queue.shift()) settled.push(...(await runLine(ctx, line, { connections, batchers, reads }, clock)));
  };
  // Lines of a CRM with a batch create share one request per round, so they all run at once (a claimed batch holds
  // at most BATCH jobs): with LINES at a time, lines that finished early reached their next create alone, and a
  // round's request carried a handful of texts. A CRM without one gets a request per create: LINES side by side.
  const width = (await allBatchCreates(ctx, jobs, connections)) ? queue.length : Math.min(LINES, queue.length);
  await Promise.all(Array.from({ length: width }, worker));
  await settleCrmJobs(ctx.database.db, claim.by, settled);
  return jobs.length;
}

/** Whether every connection these jobs log to has a batch create (HubSpot's). */
async function allBatchCreates(ctx: ServerContext, jobs: Job[], connections: Map<string, CrmConnectionRow>): Promise<boolean> {
  for (const id of new Set(jobs.map((j) => j.connectionId))) {
    const connection = connections.get(id);
    const adapter = connection ? await connectionAdapter(ctx, connection).catch(() => null) : null;
    if (connection && !adapter?.createLogs) return false;
  }
  return true;
}

/**
 * The contact a job is about: the order key of its line (unknown entities get a line of their own). A contact
 * sync has a line of its own: it writes no record, and its failure should not hold the texts, which look the
 * person up themselves when no sync has linked it yet.
 */
async function contactOf(ctx: ServerContext, job: Job, reads: BatchReads): Promise<string> {
  if (job.kind === "contact") return `sync:${job.entityId}`;
  if (job.kind === "note") return (await noteConversationOf(ctx.database.db, job.entityId))?.conversationId ?? `?${job.id}`;
  const conversationId = job.kind === "transcript" ? job.entityId : reads.message(job.entityId)?.conversationId;
  return (conversationId && reads.conversation(conversationId)?.contactId) || `?${job.id}`;
}

interface BatchState {
  connections: Map<string, CrmConnectionRow>;
  batchers: Map<string, CreateBatcher>;
  reads: BatchReads;
}

async function runLine(ctx: ServerContext, line: Job[], batch: BatchState, clock: Clock): Promise<CrmSettlement[]> {
  const out: CrmSettlement[] = [];
  let waitFrom: { until: number; reason: string } | null = null;
  for (const job of line) {
    const connection = batch.connections.get(job.connectionId);
    if (!connection) {
      out.push({ job, outcome: "done" }); // disconnected since (its jobs go with it)
      continue;
    }
    const asked = waitingUntil(ctx, connection);
    if (waitFrom || asked > clock.now()) {
      const until = Math.max(waitFrom?.until ?? 0, asked);
      const reason = waitFrom
        ? `Waits for an earlier text of this contact: ${waitFrom.reason}`
        : `${providerNames[connection.provider as CrmProvider]} asked to wait`;
      out.push({ job, outcome: "deferred", runAt: iso(until), reason });
      continue;
    }
    try {
      const adapter = await connectionAdapter(ctx, connection);
      const recordId = await runJob(ctx, job, connection, adapter, batch);
      out.push({ job, outcome: "done", ...(recordId ? { recordId } : {}) });
    } catch (err) {
      const attempts = job.attempts + 1;
      const failure = err instanceof CrmFailure ? err : new CrmFailure((err as Error).message ?? String(err), true);
      const again = failure.retryable && attempts < MAX_ATTEMPTS;
      const runAt = clock.now() + (failure.retryAfterMs ?? backoffMs(attempts));
      if (failure.retryAfterMs !== null) waitForCrm(ctx, connection, runAt);
      if (again) waitFrom = { until: runAt, reason: failure.message };
      out.push({ job, outcome: "failed", attempts, reason: failure.message, runAt: again ? iso(runAt) : null });
    }
  }
  return out;
}

/** Logs one job; returns the id of a record it created (stored when the batch settles). */
async function runJob(ctx: ServerContext, job: Job, connection: CrmConnectionRow, adapter: CrmAdapter, batch: BatchState): Promise<string | undefined> {
  const entry = await planJob(ctx, job, connection, adapter, batch.reads);
  if (!entry) return undefined;
  const stored = batch.reads.record(connection.id, job.entityId);
  if (stored) {
    await adapter.updateLog(stored, entry);
    return undefined;
  }
  // An orphan may have made its record before its worker died: found, it is updated and its id kept.
  const made = job.orphaned ? await adapter.findLog?.(entry) : null;
  if (made) {
    await adapter.updateLog(made, entry);
    return made;
  }
  if (!adapter.createLogs) return adapter.createLog(entry);
  const batcher = batch.batchers.get(connection.id) ?? new CreateBatcher(adapter);
  batch.batchers.set(connection.id, batcher);
  return batcher.create(job.id, entry);
}
