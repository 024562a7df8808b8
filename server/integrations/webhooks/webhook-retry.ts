// When a failed delivery is tried again: the Standard Webhooks schedule (after the immediate first try:
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h), each with up to ±10 % jitter so that an endpoint that
// comes back is not hit by every queued delivery in the same second. A receiver's Retry-After is honoured
// when it asks for longer than the schedule would wait (never more than the last step, 24 h).
const S = 1000;
const SCHEDULE_MS = [5 * S, 300 * S, 1800 * S, 7200 * S, 18_000 * S, 36_000 * S, 50_400 * S, 72_000 * S, 86_400 * S];
const JITTER = 0.1;

/** The next try after `attempts` failed ones, or null when the schedule is spent (the delivery failed). */
export function nextAttemptAt(attempts: number, at: number, retryAfterMs: number | null, random = Math.random): number | null {
  const base = SCHEDULE_MS[attempts - 1];
  if (base === undefined) return null;
  const jittered = base * (1 + (random() * 2 - 1) * JITTER);
  const wait = retryAfterMs === null ? jittered : Math.min(Math.max(jittered, retryAfterMs), SCHEDULE_MS[SCHEDULE_MS.length - 1]);
  return at + Math.round(wait);
}

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms from `at`; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, at: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, when - at);
}
