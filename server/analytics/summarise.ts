// Day buckets → a table row with the published metrics: counts added, histograms merged, median and p90 read
// from the merged histogram (so a week, an agent or a region is exact up to the bucket width).
import { countMetrics, durationMetrics, type MetricRow } from "../../src/protocol/analytics";
import { type Bucket, emptyCounts, mergeBucket } from "./deltas";
import { countOf, quantile } from "./histogram";

export function sumBuckets(buckets: Iterable<Bucket>): Bucket {
  const total: Bucket = { day: "", inboxId: "", agentId: "", counts: emptyCounts(), durations: {} };
  for (const b of buckets) mergeBucket(total, b);
  return total;
}

export function metricRow(key: string, label: string, buckets: Iterable<Bucket>): MetricRow {
  const total = sumBuckets(buckets);
  const sent = total.counts.outbound + total.counts.automated;
  const durations = Object.fromEntries(
    durationMetrics.map((m) => {
      const clock = (c: "calendar" | "business") => {
        const h = total.durations[`${m}.${c}`] ?? {};
        return { median: quantile(h, 0.5), p90: quantile(h, 0.9), count: countOf(h) };
      };
      return [m, { calendar: clock("calendar"), business: clock("business") }];
    }),
  ) as MetricRow["durations"];
  const counts = Object.fromEntries(countMetrics.map((m) => [m, total.counts[m]])) as MetricRow["counts"];
  return { key, label, counts, optOutRate: sent ? Math.round((total.counts.optOuts / sent) * 10_000) / 100 : null, durations };
}

/** Groups buckets by `keyOf` (undefined: left out), in first-seen order. */
export function groupBuckets(buckets: Bucket[], keyOf: (b: Bucket) => string | undefined): Map<string, Bucket[]> {
  const groups = new Map<string, Bucket[]>();
  for (const b of buckets) {
    const k = keyOf(b);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  return groups;
}

/** The Monday of a day's ISO week. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}
