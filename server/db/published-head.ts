// A head of the feed an instance knows without asking the database. On PostgreSQL the instance's bus
// (cluster/sequenced-bus.ts) has read and published every position up to its `publishedSeq`: each of them is
// committed, numbered and visible, dense above the cut-over, exactly what `max(pos)` promises (and at most a
// few milliseconds behind it). The background workers' passes bound their stretch of the feed by it instead of
// a `select max(pos)` round trip each (three per committed batch: push, CRM log, automations). They are woken
// by the same bus, after it has published, so a pass never waits for a head it could have read.
const heads = new WeakMap<object, () => number | null>();

/** `db` (the instance's root Kysely, not a transaction) has a known head: `head()`, or null when it has none now. */
export function knowHeadOf(db: object, head: () => number | null): void {
  heads.set(db, head);
}

/** The head known for `db` without a query, or null: ask the database. */
export function knownHead(db: object): number | null {
  return heads.get(db)?.() ?? null;
}
