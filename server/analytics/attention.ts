// When a location's row is flagged "needs attention" in the roll-up (the rules are published with the metrics):
// SLA breaches in at least 15 % of its last 7 days' waits, or customers waiting past target now; an opt-out or failed-delivery spike:
// the last 7 days' rate at least double the earlier days' rate (and at least 3 of them), or above a ceiling.
import type { CountMetric } from "../../src/protocol/analytics";

/** What the rules read of one day. */
export interface DaySummary {
  counts: Record<CountMetric, number>;
  /** Waits a person answered (reply-time samples). */
  answered: number;
}

const RECENT_DAYS = 7;
const MIN_EVENTS = 3;
const OPT_OUT_CEILING = 0.02;
const FAILED_CEILING = 0.05;
const BREACH_SHARE = 0.15;

const sum = (rows: DaySummary[], f: (r: DaySummary) => number) => rows.reduce((n, r) => n + f(r), 0);
const sent = (r: DaySummary) => r.counts.outbound + r.counts.automated;

function spike(recent: DaySummary[], before: DaySummary[], f: (r: DaySummary) => number, ceiling: number): boolean {
  const n = sum(recent, f);
  if (n < MIN_EVENTS) return false;
  const rate = n / Math.max(1, sum(recent, sent));
  const earlier = sum(before, f) / Math.max(1, sum(before, sent));
  return rate > ceiling || (before.length > 0 && rate >= 2 * earlier);
}

/** Reasons, in words, from a location's daily rows (oldest first) and its waits over target now. */
export function attentionOf(daily: DaySummary[], overTargetNow: number): string[] {
  const recent = daily.slice(-RECENT_DAYS);
  const before = daily.slice(0, -RECENT_DAYS);
  const reasons: string[] = [];
  const breaches = sum(recent, (r) => r.counts.breaches);
  const waits = Math.max(
    breaches,
    sum(recent, (r) => r.answered),
  );
  if (breaches > 0 && breaches >= BREACH_SHARE * waits)
    reasons.push(`${breaches} SLA breach${breaches === 1 ? "" : "es"} in the last 7 days (${Math.round((breaches / waits) * 100)} % of waits)`);
  if (overTargetNow > 0) reasons.push(`${overTargetNow} waiting past the SLA target now`);
  if (spike(recent, before, (r) => r.counts.optOuts, OPT_OUT_CEILING)) reasons.push("Opt-out spike");
  if (spike(recent, before, (r) => r.counts.failed, FAILED_CEILING)) reasons.push("Failed-delivery spike");
  return reasons;
}
