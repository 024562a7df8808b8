// Reads an engine stretch's transaction keeps (engine.ts, SQLite). There the stretch is the one writer while it runs
// (one connection, held by its transaction), and no rule action changes an inbox's members, business hours or its
// members' availability; so round robin, which fires once per new conversation, reads them once per inbox and
// stretch instead of three queries per assignment. Outside such a transaction every read goes to the database.
const kept = new WeakMap<object, Map<string, Promise<unknown>>>();

/** From now on, reads through `keptRead` on this transaction are kept until it ends (the WeakMap lets them go). */
export function keepReadsIn(db: object): void {
  kept.set(db, new Map());
}

/** `read()`, or what it gave the first time in this transaction, when the transaction keeps reads. */
export function keptRead<T>(db: object, key: string, read: () => Promise<T>): Promise<T> {
  const reads = kept.get(db);
  if (!reads) return read();
  const hit = reads.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const value = read();
  reads.set(key, value);
  return value;
}
