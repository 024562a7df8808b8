// The network half of a webhook delivery, which runs on the delivery thread (webhook-post-thread.ts), not the
// server's: the destination checked again, the body signed per Standard Webhooks (webhook-id, -timestamp,
// -signature), one POST with 15 s to answer and no redirects followed (a 3xx is a failure). It knows no
// database and no scheduler clock: what an answer means for the job is decided back on the server's thread.
import http from "node:http";
import https from "node:https";
import { createHmac } from "node:crypto";
import { checkDestination, guardedLookup } from "./webhook-destination";

const TIMEOUT_MS = 15_000;
const EXCERPT = 1000;
/** Deliveries side by side: one at a time per order key (the claim gives at most one per key), a slow receiver holds one slot. */
const PARALLEL = 64;

/** One claimed delivery, as the delivery thread gets it: its secrets already opened. */
export interface OutgoingDelivery {
  url: string;
  messageId: string;
  payload: string;
  /** One per live secret (two for 24 h after a rotation), each a `whsec_` value. */
  secrets: string[];
}

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  /** The raw Retry-After header: read against the scheduler's clock on the server's thread. */
  retryAfter: string | null;
  durationMs: number;
  /** Wall-clock time the attempt ended. */
  endedAt: number;
}

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

// Standard Webhooks' v1 signature: base64 HMAC-SHA256, keyed by the secret's bytes, of "<id>.<unix seconds>.<body>".
// Signed here with node:crypto: the standardwebhooks package signs with a JavaScript SHA-256 (fast-sha256), 19 µs per
// 600-byte body against 2.7 µs, on the delivery thread's every attempt; receivers verify with the package (tests do).
// A secret's key is decoded once, not once per delivery.
const keys = new Map<string, Buffer>();
function signature(secret: string, messageId: string, sentAt: Date, payload: string): string {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size > 10_000) keys.clear();
    key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
    keys.set(secret, key);
  }
  const signed = `${messageId}.${Math.floor(sentAt.getTime() / 1000)}.${payload}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

/**
 * Sends a claimed batch, PARALLEL at a time, in the given order. The first PARALLEL start at once; after that a lane
 * takes its next delivery only until `startBy` (wall-clock ms), so each one started ends inside the batch's claim.
 * Returns the result of each one started, in batch order; the rest were not started.
 */
export async function postBatch(deliveries: OutgoingDelivery[], allowLocal: boolean, startBy: number): Promise<PostResult[]> {
  const results: PostResult[] = [];
  let next = 0;
  const lane = async () => {
    for (let first = true; next < deliveries.length && (first || Date.now() <= startBy); first = false) {
      const i = next++;
      results[i] = await post(deliveries[i], allowLocal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, deliveries.length) }, lane));
  return results.slice(0, next);
}

async function post(d: OutgoingDelivery, allowLocal: boolean): Promise<PostResult> {
  const started = Date.now();
  const done = (r: Partial<PostResult>): PostResult => {
    const endedAt = Date.now();
    return { statusCode: null, error: null, responseExcerpt: null, retryAfter: null, ...r, durationMs: endedAt - started, endedAt };
  };
  let url: URL;
  try {
    url = await checkDestination(d.url, allowLocal);
  } catch (err) {
    return done({ error: (err as Error).message });
  }
  // The signed time is the wall clock: receivers check it against theirs (5 minutes' tolerance).
  const sentAt = new Date();
  const headers = {
    "content-type": "application/json",
    "user-agent": "Sidetext-Webhooks/1",
    "webhook-id": d.messageId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    // One `v1,<base64>` per live secret, space-separated (the spec's rotation form).
    "webhook-signature": d.secrets.map((s) => signature(s, d.messageId, sentAt, d.payload)).join(" "),
  };
  return new Promise((resolve) => {
    const secure = url.protocol === "https:";
    const lib = secure ? https : http;
    const req = lib.request(url, { method: "POST", headers, agent: agentFor(secure, allowLocal), lookup: guardedLookup(allowLocal) }, (res) => {
      let excerpt = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (excerpt.length < EXCERPT) excerpt += chunk;
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const error = status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `Redirect ${status} not followed` : `HTTP ${status}`;
        const ra = res.headers["retry-after"];
        resolve(done({ statusCode: status, error, responseExcerpt: excerpt.slice(0, EXCERPT), retryAfter: (Array.isArray(ra) ? ra[0] : ra) ?? null }));
      });
      res.on("error", (err) => resolve(done({ statusCode: res.statusCode ?? null, error: err.message })));
    });
    // The whole exchange, not only an idle socket: a receiver that trickles its answer is cut off too.
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (err) => resolve(done({ error: err.message })));
    req.end(d.payload);
  });
}
