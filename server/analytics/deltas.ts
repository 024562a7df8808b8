// What a batch of events adds to the day buckets, collected in memory and written once per batch. Each count
// and sample goes to its agent's bucket, to the inbox's all-agents bucket ('*'), which most reads use, and to
// one bucket per tag the conversation's contact has then ("#vip": analytics by tag).
import { type CountMetric, countMetrics, type DurationMetric } from "../../src/protocol/analytics";
import { addTo, type Histogram, merge } from "./histogram";

export interface Bucket {
  day: string;
  inboxId: string;
  agentId: string;
  counts: Record<CountMetric, number>;
  /** "firstResponse.calendar", "firstResponse.business", … */
  durations: Record<string, Histogram>;
}

export const emptyCounts = () => Object.fromEntries(countMetrics.map((m) => [m, 0])) as Record<CountMetric, number>;

export class Deltas {
  readonly buckets = new Map<string, Bucket>();

  /** Its agent's bucket and the all-agents one, looked up once per (day, inbox, agent) in a batch. */
  private readonly pairs = new Map<string, Bucket[]>();

  private bucketsOf(at: string, inboxId: string, agentId: string | null, tags: readonly string[]): Bucket[] {
    const day = at.slice(0, 10);
    const agent = agentId ?? "";
    const key = `${day}|${inboxId}|${agent}|${tags.join(",")}`;
    let all = this.pairs.get(key);
    if (!all) {
      all = [this.bucket(day, inboxId, agent), this.bucket(day, inboxId, "*"), ...tags.map((t) => this.bucket(day, inboxId, tagKey(t)))];
      this.pairs.set(key, all);
    }
    return all;
  }

  private bucket(day: string, inboxId: string, agentId: string): Bucket {
    const key = `${day}|${inboxId}|${agentId}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { day, inboxId, agentId, counts: emptyCounts(), durations: {} };
      this.buckets.set(key, b);
    }
    return b;
  }

  count(at: string, inboxId: string, agentId: string | null, tags: readonly string[], metric: CountMetric, n = 1) {
    for (const b of this.bucketsOf(at, inboxId, agentId, tags)) b.counts[metric] += n;
  }

  sample(
    at: string,
    inboxId: string,
    agentId: string | null,
    tags: readonly string[],
    metric: DurationMetric,
    calendarSeconds: number,
    businessSeconds: number,
  ) {
    for (const b of this.bucketsOf(at, inboxId, agentId, tags)) {
      addTo(histogramOf(b, `${metric}.calendar`), calendarSeconds);
      addTo(histogramOf(b, `${metric}.business`), businessSeconds);
    }
  }
}

/** A tag's buckets sit beside the agents' in analyticsDaily: "#" cannot start a user id, "*" or a tag. */
export const tagKey = (tag: string) => `#${tag}`;

/** Adds `from` into `into` (same key). */
export function mergeBucket(into: Bucket, from: Bucket) {
  for (const m of countMetrics) into.counts[m] += from.counts[m];
  for (const [k, h] of Object.entries(from.durations)) merge(histogramOf(into, k), h);
}

function histogramOf(b: Bucket, key: string): Histogram {
  b.durations[key] ??= [];
  return b.durations[key];
}
