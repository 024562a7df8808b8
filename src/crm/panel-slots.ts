// Which records' panels the framed panel keeps rendered (tabs/panel.tsx): a few places ("slots"), each
// holding one record's panel; the open record's is shown, the others stay hidden with their state. A record
// shown lately keeps its slot, so going back to it shows that panel again instead of rendering a new one. A
// new record takes the empty "no record" panel when that is the one shown, else a free slot, else the one
// shown longest ago. Immutable: each change is a new value, so React state can hold it.

interface Slot<T> {
  /** The record's address; null for the panel shown while there is no record (or none yet). */
  key: string | null;
  value: T;
  usedAt: number;
}

export interface KeptPanels<T> {
  slots: readonly Slot<T>[];
  /** The slot shown; -1 before the first record. */
  current: number;
  /** The panels with `key` shown with `value`: this same object when nothing changes. `same` says two values
   * show the same, and then the slot keeps the one it has (so what it renders does not change). */
  show(key: string | null, value: T, same: (a: T, b: T) => boolean): KeptPanels<T>;
}

export function keptPanels<T>(size: number, slots: readonly Slot<T>[] = [], current = -1, tick = 0): KeptPanels<T> {
  const self: KeptPanels<T> = {
    slots,
    current,
    show(key, value, same) {
      let at = slots.findIndex((s) => s.key === key);
      if (at >= 0 && at === current && same(slots[at].value, value)) return self;
      if (at < 0) at = current >= 0 && slots[current].key === null ? current : slots.length < size ? slots.length : oldest(slots);
      const kept = slots[at]?.key === key && same(slots[at].value, value) ? slots[at].value : value;
      const next = [...slots];
      next[at] = { key, value: kept, usedAt: tick + 1 };
      return keptPanels(size, next, at, tick + 1);
    },
  };
  return self;
}

function oldest<T>(slots: readonly Slot<T>[]): number {
  let at = 0;
  for (let i = 1; i < slots.length; i++) if (slots[i].usedAt < slots[at].usedAt) at = i;
  return at;
}
