// Durations kept as log-bucket histograms: bucket i holds seconds in [γ^i, γ^(i+1)), γ = 1.05, and every
// row uses the same buckets, so merging days, inboxes or agents is adding counts (a fixed-γ DDSketch without
// the library: 20 lines, and the JSON stays readable in the database). A value is reported as its bucket's
// geometric middle: within 2.5 % of the exact one. Sub-second durations share bucket -1 (reported as 0).
const GAMMA = 1.05;
const LOG_GAMMA = Math.log(GAMMA);

/**
 * Stored and summed as [first bucket, count, count, …]: consecutive buckets from the first used one (a
 * day's waits span a few dozen buckets), so JSON parses to a plain number array and adding is a tight loop.
 */
export type Histogram = number[];

function bucketOf(seconds: number): number {
  return seconds < 1 ? -1 : Math.floor(Math.log(seconds) / LOG_GAMMA + 1e-9);
}

const representative = (bucket: number) => (bucket < 0 ? 0 : GAMMA ** (bucket + 0.5));

/** Adds n to bucket b, growing the array at either end. */
function addBucket(h: Histogram, b: number, n: number): void {
  if (h.length === 0) h.push(b, 0);
  else if (b < h[0]) {
    h.splice(1, 0, ...new Array(h[0] - b).fill(0));
    h[0] = b;
  } else if (b - h[0] + 1 >= h.length) while (b - h[0] + 1 >= h.length) h.push(0);
  h[b - h[0] + 1] += n;
}

export function addTo(h: Histogram, seconds: number, n = 1): void {
  addBucket(h, bucketOf(seconds), n);
}

export function merge(into: Histogram, from: Histogram): void {
  for (let i = 1; i < from.length; i++) if (from[i]) addBucket(into, from[0] + i - 1, from[i]);
}

/** A stored histogram: this array form, or the {bucket: count} object of rows written before it. */
export function histogramFrom(stored: unknown): Histogram {
  if (Array.isArray(stored)) return stored as Histogram;
  const h: Histogram = [];
  for (const [b, n] of Object.entries(stored as Record<string, number>)) addBucket(h, Number(b), n);
  return h;
}

export function countOf(h: Histogram): number {
  let total = 0;
  for (let i = 1; i < h.length; i++) total += h[i];
  return total;
}

/** Histograms being summed for a read: dense arrays (slot = bucket + 1), no per-key objects to allocate. */
const SLOTS = 400;
export type DenseHistogram = Float64Array;
export const denseHistogram = (): DenseHistogram => new Float64Array(SLOTS);

export function addSparse(into: DenseHistogram, from: Histogram): void {
  const first = from[0] + 1; // slot of the first bucket
  for (let i = 1; i < from.length; i++) into[Math.min(SLOTS - 1, first + i - 1)] += from[i];
}

/** Nearest-rank quantile q (0 < q ≤ 1) in seconds, rounded; null for an empty histogram. */
export function denseQuantile(h: DenseHistogram, q: number): number | null {
  let total = 0;
  for (let i = 0; i < SLOTS; i++) total += h[i];
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < SLOTS; i++) {
    seen += h[i];
    if (seen >= rank) return Math.round(representative(i - 1));
  }
  return null;
}

export function denseCount(h: DenseHistogram): number {
  let total = 0;
  for (let i = 0; i < SLOTS; i++) total += h[i];
  return total;
}
