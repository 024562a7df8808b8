// The edge to browsers' push services (FCM, Mozilla autopush, Apple, WNS): web-push signs the request with
// the VAPID pair (RFC 8292) and encrypts the payload for the device (RFC 8291, aes128gcm); the request itself
// goes through fetch, which also speaks http:// for a local test push service.
import webpush from "web-push";
import type { VapidKeys } from "./vapid-keys";

interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

type PushOutcome =
  | { type: "sent" }
  /** 404/410: the browser dropped the subscription; it will never work again. */
  | { type: "gone" }
  | { type: "failed"; reason: string; retryAfterMs?: number };

/** Undelivered pushes expire after a day: a text older than that is in the inbox anyway. */
const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

export async function sendPush(keys: VapidKeys, target: PushTarget, payload: string, topic: string): Promise<PushOutcome> {
  const details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
    vapidDetails: { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
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
