// Inbound messages on PostgreSQL are written in batches, one at a time per instance: the messages that
// arrive together share one transaction — BEGIN with one read of everything they need (conversations
// locked in id order, so two instances' batches never deadlock), then one statement writing everything with
// COMMIT and a sequencer turn: two round trips (inbound-connection.postgres.ts) however many it holds (up to
// MAX_BATCH). If the batch fails as a whole (a first text from one number racing on two instances, a
// deadlock with another writer), each message is tried again alone, so one message's trouble is its own.
// Callers are answered once their events are in the feed. The idempotency rule (one message per carrier
// id) is kept by receiveInbound's read and the unique index, as before.
import type { ServerContext } from "../context";
import type { InboundStore } from "./inbound-store";
import { BatchState, postgresStore } from "./inbound-store.postgres";
import { missReader, readAhead, sequenceTurn, writeBatch } from "./inbound-batch.repository";
import { IngestConnection, type Query } from "./inbound-connection.postgres";
import { SequencedBus } from "../cluster/sequenced-bus";
import { SEQUENCE_BATCH } from "../cluster/sequencer";

const MAX_BATCH = 50;
// One batch at a time per instance: while it commits, the next one gathers. Measured on the 2-core machine,
// two overlapping batches cost 30–60 % more CPU per message (smaller batches) for no gain in rate.
const MAX_IN_FLIGHT = 1;
/** A message tried alone fails for good after this many tries, unless the failure is worth another. */
const TRIES_ALONE = 3;
const RETRYABLE = new Set(["23505", "40P01", "40001"]); // unique violation (a race), deadlock, serialization

/** What a message will read, so it is read ahead with the others of its batch. */
export interface IngestKeys {
  inboxId: string;
  phone: string;
  carrierMessageId: string;
  /** The simulator's rules are checked in the batch (simulator.service.ts): read them ahead too. */
  simulated?: boolean;
}

interface Waiting {
  keys: IngestKeys | null;
  work: (store: InboundStore) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}
interface Queue {
  waiting: Waiting[];
  idle: IngestConnection[];
  scheduled: boolean;
}
const queues = new WeakMap<object, Queue>();

export function inPostgresBatch<T>(ctx: ServerContext, keys: IngestKeys | null, work: (store: InboundStore) => Promise<T>): Promise<T> {
  let queue = queues.get(ctx.database);
  if (!queue) {
    const connections = Array.from({ length: MAX_IN_FLIGHT }, () => new IngestConnection(ctx.config.databaseUrl));
    queue = { waiting: [], idle: [...connections], scheduled: false };
    queues.set(ctx.database, queue);
    ctx.onClose(async () => void (await Promise.all(connections.map((c) => c.end()))));
  }
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ keys, work, resolve: resolve as (v: unknown) => void, reject });
    schedule(ctx, q);
  });
}

function schedule(ctx: ServerContext, q: Queue) {
  if (q.scheduled || q.idle.length === 0 || q.waiting.length === 0) return;
  q.scheduled = true;
  // After this turn's I/O callbacks, so that requests that arrived together share a batch.
  setImmediate(() => {
    q.scheduled = false;
    while (q.idle.length && q.waiting.length) {
      const group = q.waiting.splice(0, MAX_BATCH);
      const connection = q.idle.pop()!;
      void runGroup(ctx, connection, group).finally(() => {
        q.idle.push(connection);
        schedule(ctx, q);
      });
    }
  });
}

/** Resolves when the connection is free again; callers are answered once their events are in the feed. */
async function runGroup(ctx: ServerContext, connection: IngestConnection, group: Waiting[]) {
  const commit = async (items: Waiting[]) => void settle(ctx, items, await commitBatch(await connection.query(), items));
  try {
    return await commit(group);
  } catch (error) {
    if (group.length === 1 && !RETRYABLE.has((error as { code?: string }).code ?? "")) return group[0].reject(error);
  }
  for (const waiting of group) {
    for (let tries = 1; ; tries++) {
      try {
        await commit([waiting]);
        break;
      } catch (error) {
        if (tries >= TRIES_ALONE || !RETRYABLE.has((error as { code?: string }).code ?? "")) {
          waiting.reject(error);
          break;
        }
      }
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
interface Committed {
  outcomes: Outcome[];
  batch: BatchState;
  numbered: number | null;
  /** The turn `numbered` holds this batch's events alone (positions numbered - n + 1 … numbered, in order). */
  alone: boolean;
}

async function settle(ctx: ServerContext, group: Waiting[], { outcomes, batch, numbered, alone }: Committed) {
  try {
    // Numbered by the turn sent behind the COMMIT; otherwise (another instance's turn held the lock) by the loop.
    if (numbered !== null && ctx.bus instanceof SequencedBus) ctx.bus.numberedHere(numbered, alone ? batch.emitted : null);
    else await ctx.bus.committed(batch.emitted);
  } catch (err) {
    ctx.log.error({ err }, "event listener failed");
  }
  group.forEach((waiting, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}

/** One transaction for the group; throws (rolled back) when the database refuses any part of it. */
async function commitBatch(query: Query, group: Waiting[]): Promise<Committed> {
  const batch = new BatchState();
  try {
    await Promise.all([
      query("begin"),
      readAhead(
        query,
        batch,
        group.flatMap((w) => (w.keys ? [w.keys] : [])),
      ),
    ]);
    // A failed read on the spot aborts the transaction: the batch fails whatever the message does with it.
    let failed: { error: unknown } | null = null;
    const reader = missReader(query, (error) => (failed ??= { error }));
    const outcomes: Outcome[] = [];
    for (const { work } of group) {
      const scope = new BatchState(batch);
      try {
        const value = await work(postgresStore(scope, reader));
        if (failed) break;
        scope.mergeInto(batch);
        outcomes.push({ ok: true, value });
      } catch (error) {
        if (failed) break;
        outcomes.push({ ok: false, error });
      }
    }
    if (failed) throw (failed as { error: unknown }).error;
    // After a failed write, the COMMIT sent behind it ends the aborted transaction (as a rollback). A sequencer
    // turn follows in the same round trip: it runs after our commit, so it numbers our events (unless another
    // instance holds the lock, or more than a turn's worth waited ahead of them).
    const [xact, , turn] = await Promise.all([
      writeBatch(query, batch),
      query("commit"),
      batch.emitted.length ? sequenceTurn(query, SEQUENCE_BATCH) : { head: null, assigned: 0, xact: null },
    ]);
    const numbered = turn.head !== null && turn.assigned < SEQUENCE_BATCH ? Number(turn.head) : null;
    // The turn numbered this batch's events and nothing else: their positions are known without reading them back.
    const alone = numbered !== null && turn.xact === xact && turn.assigned === batch.emitted.length;
    return { outcomes, batch, numbered, alone };
  } catch (error) {
    await query("rollback").catch(() => {});
    throw error;
  }
}
