// Counts over thousands of conversations (list totals, "needs attention") cost an IndexedDB index walk
// each (15–50 ms for 5,000 rows in Chromium, see BENCHMARKS.md). Snapshots take the last known count at
// once and the count is refreshed behind them; when it changed, subscribers get a second snapshot. So a
// new text reaches the list without waiting for the counts.
import type { SidetextDb } from "../db/schema";
import { createEmitter } from "../sync/emitter";

export type CountCache = ReturnType<typeof createCountCache>;

export function createCountCache(db: SidetextDb) {
  const values = new Map<string, number>();
  const stale = new Set<string>();
  const running = new Map<string, Promise<number>>();
  const changed = createEmitter();

  db.onTablesChanged((tables) => {
    if (tables.has("conversations") || tables.has("meta")) for (const key of values.keys()) stale.add(key);
    // A tag filter's count also follows the contacts' tags.
    else if (tables.has("contacts")) for (const key of values.keys()) if (key.includes('"tag":')) stale.add(key);
  });

  function refresh(key: string, compute: () => Promise<number>): Promise<number> {
    const held = running.get(key);
    if (held) return held;
    stale.delete(key);
    const task = compute()
      .then((value) => {
        const before = values.get(key);
        values.set(key, value);
        if (before !== undefined && before !== value) changed.emit();
        return value;
      })
      .finally(() => running.delete(key));
    running.set(key, task);
    return task;
  }

  return {
    /** The count under `key`: computed the first time, then the last value while a fresh one is on its way. */
    async get(key: string, compute: () => Promise<number>): Promise<number> {
      const value = values.get(key);
      if (value === undefined) return refresh(key, compute);
      if (stale.has(key)) void refresh(key, compute);
      return value;
    },
    /** A count changed after a snapshot used its previous value. */
    onChange: changed.on,
    /** Resolves when no count is being refreshed (a changed one has announced itself by then). */
    async idle(): Promise<boolean> {
      if (running.size === 0) return true;
      await Promise.allSettled([...running.values()]);
      return false;
    },
    clear: () => values.clear(),
  };
}
