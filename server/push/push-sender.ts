// Sends claimed push jobs. A job is claimed by one sender at a time: by the fan-out that made it (and sends
// it right away), or later, once due, through claimDueJobs (retries, work a stopped instance left); a push service that
// answers 404/410 has dropped the subscription, so the device is removed (its other jobs with it); any other
// failure is tried again after 2 s, 8 s, 32 s, 2 min, then given up and kept as failed in the push log.
// The one window for a second send is a sender dying after the push service accepted and before the job is
// marked sent: the claim runs out and the job is sent again. Pushes carry the conversation's Topic, and the
// service worker shows them with the conversation as `tag`, so even that repeat replaces the notification
// instead of adding one.
import type { ServerContext } from "../context";
import { randomText } from "../ids";
import { deleteSubscription } from "./push.repository";
import { claimDueJobs, jobsClaimedBy, markFailed, markSent, type Claim } from "./push-jobs.repository";
import { sendPush, type PushOutcome } from "./push-service";
import type { VapidKeys } from "./vapid-keys";

const CLAIM_MS = 60_000;
const BATCH = 50;
const SENDING_AT_ONCE = 8;
const MAX_ATTEMPTS = 5;
const backoffMs = (attempts: number) => 2000 * 4 ** (attempts - 1);

/** A claim for one round of this instance (the fan-out's new jobs, or due ones). */
export const newClaim = (instance: string): Claim => ({
  by: `${instance}:${randomText(9, "base64url")}`,
  until: new Date(Date.now() + CLAIM_MS).toISOString(),
});

/** Sends the jobs the fan-out just made under `claim`. */
export async function sendClaimedPushes(ctx: ServerContext, keys: VapidKeys, claim: Claim): Promise<number> {
  return sendJobs(ctx, keys, claim.by, await jobsClaimedBy(ctx.database.db, claim.by));
}

/** Sends what is due now (retries, work a stopped instance left); returns how many jobs it took. */
export async function sendDuePushes(ctx: ServerContext, keys: VapidKeys, instance: string): Promise<number> {
  const claim = newClaim(instance);
  return sendJobs(ctx, keys, claim.by, await claimDueJobs(ctx.database.db, claim, BATCH));
}

type ClaimedJob = Awaited<ReturnType<typeof jobsClaimedBy>>[number];

async function sendJobs(ctx: ServerContext, keys: VapidKeys, claim: string, jobs: ClaimedJob[]): Promise<number> {
  const { db } = ctx.database;
  // A few at a time, each after the event loop has served waiting I/O: encrypting is synchronous CPU, and a
  // burst of pushes must not hold up inbound webhooks. Outcomes are written in one commit, not two per push.
  const outcomes: Array<{ job: ClaimedJob; outcome: PushOutcome; final: boolean }> = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      await new Promise((r) => setImmediate(r));
      if (job.endpoint.startsWith("http:") && !ctx.config.pushAllowHttp)
        outcomes.push({ job, outcome: { type: "failed", reason: "the endpoint is not https" }, final: true });
      else outcomes.push({ job, outcome: await sendPush(keys, job, job.payload, job.topic), final: false });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SENDING_AT_ONCE, jobs.length) }, worker));
  await db.transaction().execute(async (trx) => {
    for (const { job, outcome, final } of outcomes) {
      if (outcome.type === "sent") await markSent(trx, job.id, job.subscriptionId, claim);
      else if (outcome.type === "gone") await deleteSubscription(trx, job.subscriptionId);
      else {
        const attempts = job.attempts + 1;
        const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts));
        await markFailed(trx, job.id, claim, attempts, outcome.reason, attempts < MAX_ATTEMPTS && !final ? new Date(Date.now() + wait).toISOString() : null);
      }
    }
  });
  return jobs.length;
}
