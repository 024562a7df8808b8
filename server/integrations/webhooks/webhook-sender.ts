// Sends claimed deliveries: a POST of the event body signed per Standard Webhooks (webhook-id, -timestamp,
// -signature), 15 s to answer, no redirects followed (a 3xx is a failure), the destination checked again.
// 2xx delivered; 410 switches the endpoint off; anything else is retried on the schedule (webhook-retry.ts).
import http from "node:http";
import https from "node:https";
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { checkDestination, guardedLookup } from "./webhook-destination";
import { claimDueJobs, disableEndpoint, releaseJobs, settleJobs, type AttemptResult, type ClaimedJob, type Settlement } from "./webhook-jobs.repository";
import { nextAttemptAt, retryAfterMs } from "./webhook-retry";
import { openSecret, signatureHeader } from "./webhook-secret";

const TIMEOUT_MS = 15_000;
const LEASE_MS = 60_000;
const EXCERPT = 1000;
const PARALLEL = 64;
/** Deliveries claimed, sent and settled together (one commit per batch). */
const BATCH = 500;
/**
 * A batch starts no delivery after this long (wall clock): each one it starts ends within TIMEOUT_MS, so the batch
 * settles well inside its claim (LEASE_MS + TIMEOUT_MS), which another sender takes once it runs out. On a saturated
 * machine a batch of 500 once outlived its claim and 34 deliveries went out twice. What it did not start goes back.
 */
const START_WITHIN_MS = LEASE_MS / 2;
// Connections are kept open between deliveries (one TLS handshake per receiver, not per event); an agent per
// mode, since the SSRF lookup differs.
const agents = new Map<string, http.Agent>();
const agentFor = (secure: boolean, allowLocal: boolean) => {
  const key = `${secure}-${allowLocal}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: PARALLEL, lookup: guardedLookup(allowLocal) };
    agent = secure ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
};

/** The scheduler's time: Date.now, or a test's clock that jumps ahead to reach a retry. */
export interface Clock {
  now(): number;
}

export const allowLocalDestinations = (ctx: ServerContext) => ctx.config.simulator;

/** Claims and sends what is due at `clock`'s time; returns how many were tried. */
export async function sendDueWebhooks(ctx: ServerContext, instance: string, clock: Clock, startWithinMs = START_WITHIN_MS): Promise<number> {
  const at = clock.now();
  const claim = { by: `${instance}-${randomText(6, "hex")}`, until: new Date(at + LEASE_MS + TIMEOUT_MS).toISOString() };
  const jobs = await claimDueJobs(ctx.database.db, claim, new Date(at).toISOString(), BATCH);
  // One at a time per order key (the claim gives at most one per key), up to PARALLEL keys side by side; a
  // slow receiver holds one slot, not the batch.
  const settled: Settlement[] = [];
  let next = 0;
  const began = Date.now();
  const worker = async () => {
    while (next < jobs.length && Date.now() - began <= startWithinMs) {
      const job = jobs[next++];
      settled.push(await attempt(ctx, job, clock));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker));
  try {
    await settleJobs(ctx.database.db, claim.by, settled);
    await releaseJobs(
      ctx.database.db,
      claim.by,
      jobs.slice(next).map((j) => j.id),
    );
  } catch (err) {
    ctx.log.error(err, "webhooks: a batch of deliveries failed to settle (their claims run out, then they are tried again)");
    return settled.length;
  }
  for (const s of settled) if (s.result.statusCode === 410) await disableEndpoint(ctx.database.db, s.job.endpointId, "The receiver answered 410 Gone", s.at);
  return settled.length;
}

/** One POST and what it means for the job: delivered, retried at the schedule's next time, or failed. */
async function attempt(ctx: ServerContext, job: ClaimedJob, clock: Clock): Promise<Settlement> {
  const { retryAfter, ...result } = await post(ctx, job, clock);
  const now = clock.now();
  const at = new Date(now).toISOString();
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) return { job, at, result, outcome: "delivered" };
  if (code === 410) return { job, at, result, outcome: { runAt: null } };
  const next = nextAttemptAt(job.attempts + 1, now, retryAfter);
  return { job, at, result, outcome: { runAt: next === null ? null : new Date(next).toISOString() } };
}

async function post(ctx: ServerContext, job: ClaimedJob, clock: Clock): Promise<AttemptResult & { retryAfter: number | null }> {
  const started = Date.now();
  const done = (r: Partial<AttemptResult> & { retryAfter?: number | null }) => ({
    statusCode: null,
    error: null,
    responseExcerpt: null,
    retryAfter: null,
    ...r,
    durationMs: Date.now() - started,
  });
  const allowLocal = allowLocalDestinations(ctx);
  let url: URL;
  try {
    url = await checkDestination(job.url, allowLocal);
  } catch (err) {
    return done({ error: (err as Error).message });
  }
  const key = ctx.config.secretKey;
  const secrets = [openSecret(key, job.endpointId, job.secretSealed)];
  if (job.previousSecretSealed && job.previousSecretUntil && job.previousSecretUntil > new Date(clock.now()).toISOString())
    secrets.push(openSecret(key, job.endpointId, job.previousSecretSealed));
  // The signed time is the wall clock: receivers check it against theirs (5 minutes' tolerance).
  const sentAt = new Date();
  const headers = {
    "content-type": "application/json",
    "user-agent": "Sidetext-Webhooks/1",
    "webhook-id": job.messageId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": signatureHeader(secrets, job.messageId, sentAt, job.payload),
  };
  return new Promise((resolve) => {
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(
      url,
      { method: "POST", headers, agent: agentFor(url.protocol === "https:", allowLocal), lookup: guardedLookup(allowLocal) },
      (res) => {
        let excerpt = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (excerpt.length < EXCERPT) excerpt += chunk;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const error = status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `Redirect ${status} not followed` : `HTTP ${status}`;
          const ra = res.headers["retry-after"];
          resolve(
            done({
              statusCode: status,
              error,
              responseExcerpt: excerpt.slice(0, EXCERPT),
              retryAfter: retryAfterMs(Array.isArray(ra) ? ra[0] : ra, clock.now()),
            }),
          );
        });
        res.on("error", (err) => resolve(done({ statusCode: res.statusCode ?? null, error: err.message })));
      },
    );
    // The whole exchange, not only an idle socket: a receiver that trickles its answer is cut off too.
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (err) => resolve(done({ error: err.message })));
    req.end(job.payload);
  });
}
