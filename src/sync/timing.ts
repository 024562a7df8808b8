// User Timing entries for the sync's costly steps, so a benchmark (or a developer in DevTools → Performance)
// can read how long the last bootstrap or catch-up took where it ran. Only the latest entry per name is
// kept: a worker that runs for days must not collect them.
export const TIMING = {
  bootstrap: "sidetext:bootstrap",
  catchUp: "sidetext:catch-up",
  frameReceived: "sidetext:frame-received",
  /** A stream frame's events are in IndexedDB. */
  frameApplied: "sidetext:frame-applied",
  /** A port subscriber was sent a fresh snapshot. */
  snapshotSent: "sidetext:snapshot-sent",
  /** Computing one topic's snapshot (suffixed with the topic type). */
  snapshotCompute: "sidetext:snapshot-compute",
} as const;

const perf = (): Performance | null => (typeof performance !== "undefined" && typeof performance.measure === "function" ? performance : null);

export const now = () => perf()?.now() ?? Date.now();

export function recordMeasure(name: string, start: number, detail?: Record<string, unknown>) {
  const p = perf();
  if (!p) return;
  try {
    p.clearMeasures(name);
    p.measure(name, { start, end: p.now(), detail });
  } catch {
    // User Timing is diagnostics only
  }
}

export function recordMark(name: string) {
  const p = perf();
  if (!p) return;
  try {
    p.clearMarks(name);
    p.mark(name);
  } catch {}
}
