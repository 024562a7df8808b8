// Time and timers as a dependency, so the engine runs on real timers in the worker and on a controlled
// clock in tests.
export type TimerId = unknown;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped, each scaled by 0.5–1.0 so clients spread out. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
