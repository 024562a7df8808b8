// The edge to browsers' push services (FCM, Mozilla autopush, Apple, WNS): web-push signs the VAPID JWT
// (RFC 8292) and encrypts the payload for the device (RFC 8291, aes128gcm); the request itself goes through
// fetch, which also speaks http:// for a local test push service.
import webpush from "web-push";
import type { VapidKeys } from "./vapid-keys";

interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type PushOutcome =
  | { type: "sent" }
  /** 404/410: the browser dropped the subscription; it will never work again. */
  | { type: "gone" }
  | { type: "failed"; reason: string; retryAfterMs?: number };

/** Undelivered pushes expire after a day: a text older than that is in the inbox anyway. */
const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

/** A VAPID JWT may live up to 24 h (RFC 8292); ours are made for 12 h and used for 1 h per push service. */
const JWT_SECONDS = 12 * 3600;
const JWT_REUSE_MS = 3600_000;
const jwts = new Map<string, { keys: VapidKeys; authorization: string; madeAt: number }>();

/**
 * The Authorization header for one push service (the JWT's audience is its origin). Signing costs more than
 * encrypting the payload (about 5 of 8 ms a push here), so one signature serves every push to that service
 * for an hour, as RFC 8292 allows.
 */
function authorizationFor(keys: VapidKeys, endpoint: string): string {
  const audience = new URL(endpoint).origin;
  const cached = jwts.get(audience);
  if (cached && cached.keys === keys && Date.now() - cached.madeAt < JWT_REUSE_MS) return cached.authorization;
  const expiration = Math.floor(Date.now() / 1000) + JWT_SECONDS;
  const { Authorization } = webpush.getVapidHeaders(audience, keys.subject, keys.publicKey, keys.privateKey, "aes128gcm", expiration);
  jwts.set(audience, { keys, authorization: Authorization, madeAt: Date.now() });
  return Authorization;
}

export async function sendPush(keys: VapidKeys, target: PushTarget, payload: string, topic: string): Promise<PushOutcome> {
  const details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
    vapidDetails: undefined, // signed above: web-push would sign every request again
    headers: { Authorization: authorizationFor(keys, target.endpoint) },
    TTL: TTL_SECONDS,
    topic,
    urgency: "high",
    contentEncoding: "aes128gcm",
  });
  let res: Response;
  try {
    res = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ?? undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "error",
    });
  } catch (err) {
    return { type: "failed", reason: `push service unreachable: ${(err as Error).message}` };
  }
  await res.body?.cancel();
  if (res.ok) return { type: "sent" };
  if (res.status === 404 || res.status === 410) return { type: "gone" };
  const retryAfter = Number(res.headers.get("retry-after"));
  return { type: "failed", reason: `push service answered ${res.status}`, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}
