// Durations kept as sparse log-bucket histograms: bucket i holds seconds in [γ^i, γ^(i+1)), γ = 1.05, and every
// row uses the same buckets, so merging days, inboxes or agents is adding counts (a fixed-γ DDSketch without
// the library: 20 lines, and the JSON stays readable in the database). A value is reported as its bucket's
// geometric middle: within 2.5 % of the exact one. Sub-second durations share bucket -1 (reported as 0).
const GAMMA = 1.05;
const LOG_GAMMA = Math.log(GAMMA);

export type Histogram = Record<string, number>;

function bucketOf(seconds: number): number {
  return seconds < 1 ? -1 : Math.floor(Math.log(seconds) / LOG_GAMMA + 1e-9);
}

const representative = (bucket: number) => (bucket < 0 ? 0 : GAMMA ** (bucket + 0.5));

export function addTo(h: Histogram, seconds: number, n = 1): void {
  const b = String(bucketOf(seconds));
  h[b] = (h[b] ?? 0) + n;
}

export function merge(into: Histogram, from: Histogram): void {
  for (const [b, n] of Object.entries(from)) into[b] = (into[b] ?? 0) + n;
}

/** Histograms being summed for a read: dense arrays (slot = bucket + 1), no per-key objects to allocate. */
const SLOTS = 400;
export type DenseHistogram = Float64Array;
export const denseHistogram = (): DenseHistogram => new Float64Array(SLOTS);

export function addSparse(into: DenseHistogram, from: Histogram): void {
  for (const b in from) {
    const slot = Math.min(SLOTS - 1, Number(b) + 1);
    into[slot] += from[b];
  }
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
