// Inbound messages on SQLite are committed in groups: the requests that arrive together share one
// transaction, each inside its own savepoint, so a failing message rolls back alone. A commit (writing
// the WAL) costs more than the rows of one message, so a burst of webhooks is stored several times
// faster. Every caller is answered only after the commit that holds its message, and the group's events
// are published in seq order after it. The group holds Kysely's one connection, so nothing interleaves
// (and `work` must use only the store it is given: a Kysely query inside would wait forever).
import type { SidetextEvent } from "../../src/protocol/events";
import type { Db } from "../db/database";
import type { EventBus } from "../events/event-bus";
import type { InboundStore } from "./inbound-store";
import { sqliteStore, statementsFor } from "./inbound-store.sqlite";

const MAX_GROUP = 64;

interface Waiting {
  work: (store: InboundStore) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Queue {
  bus: EventBus;
  waiting: Waiting[];
  running: boolean;
}
const queues = new WeakMap<Db, Queue>();

export function inSqliteTransaction<T>(database: Db, bus: EventBus, work: (store: InboundStore) => Promise<T>): Promise<T> {
  let queue = queues.get(database);
  if (!queue) {
    queue = { bus, waiting: [], running: false };
    queues.set(database, queue);
  }
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ work, resolve: resolve as (v: unknown) => void, reject });
    if (q.running) return;
    q.running = true;
    // After this turn's I/O callbacks, so that requests that arrived together commit together.
    setImmediate(() => void drain(database, q));
  });
}

async function drain(database: Db, queue: Queue) {
  try {
    while (queue.waiting.length) await commitGroup(database, queue.bus, queue.waiting.splice(0, MAX_GROUP));
  } finally {
    queue.running = false;
  }
}

async function commitGroup(database: Db, bus: EventBus, group: Waiting[]) {
  const sqlite = database.sqlite!;
  const outcomes: Array<{ ok: true; value: unknown; events: SidetextEvent[] } | { ok: false; error: unknown }> = [];
  try {
    const s = statementsFor(sqlite);
    await database.db.connection().execute(async () => {
      s.begin.run();
      try {
        for (const { work } of group) {
          const events: SidetextEvent[] = [];
          s.savepoint.run();
          try {
            const value = await work(sqliteStore(s, events));
            s.release.run();
            outcomes.push({ ok: true, value, events });
          } catch (error) {
            s.rollbackToSavepoint.run();
            s.release.run();
            outcomes.push({ ok: false, error });
          }
        }
        s.commit.run();
      } catch (err) {
        if (sqlite.inTransaction) s.rollback.run();
        throw err;
      }
    });
  } catch (error) {
    // The commit itself failed (disk full, I/O error, database closed): nothing of the group was stored.
    for (const waiting of group) waiting.reject(error);
    return;
  }
  try {
    bus.publish(outcomes.flatMap((o) => (o.ok ? o.events : [])));
  } catch (err) {
    // A live listener's failure must not hold back the answers: the group is committed.
    console.error("event listener failed:", err);
  }
  group.forEach((waiting, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}
