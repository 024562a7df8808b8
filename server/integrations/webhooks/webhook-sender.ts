// Sends claimed deliveries. The queue stays on the server's thread (claim, settle, the scheduler's clock); the
// signing and the POSTs run on the delivery thread (webhook-delivery-thread.ts, webhook-post.ts).
// 2xx delivered; 410 switches the endpoint off; anything else is retried on the schedule (webhook-retry.ts).
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { postOnDeliveryThread } from "./webhook-delivery-thread";
import { claimDueJobs, disableEndpoint, releaseJobs, settleJobs, type ClaimedJob, type Settlement } from "./webhook-jobs.repository";
import type { OutgoingDelivery, PostResult } from "./webhook-post";
import { nextAttemptAt, retryAfterMs } from "./webhook-retry";
import { openSecret } from "./webhook-secret";

/** A delivery's own limit is 15 s (webhook-post.ts); the claim covers the start window plus that. */
const TIMEOUT_MS = 15_000;
const LEASE_MS = 60_000;
/** Deliveries claimed, sent and settled together (one commit per batch). */
const BATCH = 500;
/**
 * A batch starts no delivery after this long (wall clock): each one it starts ends within TIMEOUT_MS, so the batch
 * settles well inside its claim (LEASE_MS + TIMEOUT_MS), which another sender takes once it runs out. On a saturated
 * machine a batch of 500 once outlived its claim and 34 deliveries went out twice. What it did not start goes back.
 */
const START_WITHIN_MS = LEASE_MS / 2;

/** The scheduler's time: Date.now, or a test's clock that jumps ahead to reach a retry. */
export interface Clock {
  now(): number;
}

export const allowLocalDestinations = (ctx: ServerContext) => ctx.config.simulator;

/** Claims and sends what is due at `clock`'s time; returns how many were tried. */
export async function sendDueWebhooks(ctx: ServerContext, instance: string, clock: Clock, startWithinMs = START_WITHIN_MS): Promise<number> {
  const batch = await startDueBatch(ctx, instance, clock, startWithinMs);
  return batch ? batch.settled : 0;
}

/**
 * Claims what is due at `clock`'s time and hands it to the delivery thread; null when nothing was due. `settled`
 * resolves, with how many were tried, once their outcomes are stored. The caller may claim the next batch before
 * that: the jobs out are still pending and claimed, so neither they nor a later job of their order key are due.
 */
export async function startDueBatch(
  ctx: ServerContext,
  instance: string,
  clock: Clock,
  startWithinMs = START_WITHIN_MS,
): Promise<{ settled: Promise<number> } | null> {
  const at = clock.now();
  const claim = { by: `${instance}-${randomText(6, "hex")}`, until: new Date(at + LEASE_MS + TIMEOUT_MS).toISOString() };
  const began = Date.now();
  const jobs = await claimDueJobs(ctx.database.db, claim, new Date(at).toISOString(), BATCH);
  if (jobs.length === 0) return null;
  const sent = postOnDeliveryThread(
    jobs.map((job) => outgoing(ctx, job, at)),
    allowLocalDestinations(ctx),
    began + startWithinMs,
  );
  return { settled: sent.then((results) => settleBatch(ctx, claim.by, clock, jobs, results)) };
}

async function settleBatch(ctx: ServerContext, claim: string, clock: Clock, jobs: ClaimedJob[], results: PostResult[]): Promise<number> {
  // The thread's times are wall clock; the schedule runs on `clock` (a test's may be hours ahead).
  const skew = clock.now() - Date.now();
  const settled = results.map((result, i) => settlement(jobs[i], result, result.endedAt + skew));
  try {
    await settleJobs(ctx.database.db, ctx.database.sqlite, claim, settled);
    await releaseJobs(
      ctx.database.db,
      claim,
      jobs.slice(results.length).map((j) => j.id),
    );
  } catch (err) {
    ctx.log.error(err, "webhooks: a batch of deliveries failed to settle (their claims run out, then they are tried again)");
    return settled.length;
  }
  for (const s of settled) if (s.result.statusCode === 410) await disableEndpoint(ctx.database.db, s.job.endpointId, "The receiver answered 410 Gone", s.at);
  return settled.length;
}

/** What the delivery thread needs of a job: the secrets opened here, where the key is. */
function outgoing(ctx: ServerContext, job: ClaimedJob, at: number): OutgoingDelivery {
  const key = ctx.config.secretKey;
  const secrets = [openSecret(key, job.endpointId, job.secretSealed)];
  if (job.previousSecretSealed && job.previousSecretUntil && job.previousSecretUntil > new Date(at).toISOString())
    secrets.push(openSecret(key, job.endpointId, job.previousSecretSealed));
  return { url: job.url, messageId: job.messageId, payload: job.payload, secrets };
}

/** What an answer means for the job: delivered, retried at the schedule's next time, or failed. */
function settlement(job: ClaimedJob, post: PostResult, now: number): Settlement {
  const { retryAfter, endedAt: _, ...result } = post;
  const at = new Date(now).toISOString();
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) return { job, at, result, outcome: "delivered" };
  if (code === 410) return { job, at, result, outcome: { runAt: null } };
  const next = nextAttemptAt(job.attempts + 1, now, retryAfterMs(retryAfter ?? undefined, now));
  return { job, at, result, outcome: { runAt: next === null ? null : new Date(next).toISOString() } };
}
