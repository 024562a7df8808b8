// The feed is pruned from the old end; a client whose cursor falls before what is kept must bootstrap again.
// Only a prefix is ever deleted (positions below some point): a hole in the middle would be skipped by a
// client reading through it, with nothing to tell it. Events not yet numbered (PostgreSQL) are never touched.
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { deleteEventsBefore, feedBounds, headSeq, oldestEvents } from "../events/events.repository";

/** How many events one delete removes: small transactions, so writers and readers are not held up. */
const PRUNE_BATCH = 1000;

/** Deletes events before `beforeSeq`, always keeping the newest so the head (and every cursor) stays valid. */
export async function pruneEvents(db: Executor, beforeSeq: number): Promise<number> {
  const keepFrom = Math.min(beforeSeq, await headSeq(db));
  return deleteEventsBefore(db, keepFrom);
}

/**
 * Deletes, oldest first and at most `batch` at a time, the events written before `olderThan` (an ISO time)
 * that precede every newer one; keeps the newest event. Returns how many were deleted (0: nothing more to do).
 */
export async function pruneOldEvents(db: Executor, olderThan: string, batch = PRUNE_BATCH): Promise<number> {
  const oldest = await oldestEvents(db, batch);
  // The prefix ends at the first event that is recent enough (on PostgreSQL a late commit can be older than
  // the event before it: it stays, and so does everything after it).
  const firstKept = oldest.findIndex((e) => e.createdAt >= olderThan);
  const before = firstKept === -1 ? (oldest.length ? Number(oldest[oldest.length - 1].position) + 1 : 0) : Number(oldest[firstKept].position);
  if (firstKept === 0 || oldest.length === 0) return 0;
  return pruneEvents(db, before);
}

/** 410 cursor_expired unless the feed still holds every event after `after` and `after` is not past the head. */
export async function assertCursorValid(db: Executor, after: number): Promise<void> {
  const bounds = await feedBounds(db);
  const oldest = bounds.oldest ?? 1;
  const head = bounds.head ?? 0;
  if (after < oldest - 1) throw new AppError("cursor_expired", "The feed no longer reaches back to this cursor; bootstrap again", { oldestCursor: oldest - 1 });
  if (after > head)
    throw new AppError("cursor_expired", "This cursor is ahead of the feed (was the server's database replaced?); bootstrap again", { headCursor: head });
}

/**
 * The background job: prunes everything older than the retention, one batch per transaction, yielding between
 * batches. Several instances may run it at once: they delete the same oldest rows, which is harmless.
 */
export async function pruneExpiredEvents(db: Executor, retentionMs: number, stopped: () => boolean = () => false): Promise<number> {
  if (retentionMs <= 0) return 0;
  const olderThan = new Date(Date.now() - retentionMs).toISOString();
  let total = 0;
  while (!stopped()) {
    const n = await pruneOldEvents(db, olderThan);
    if (n === 0) break;
    total += n;
    await new Promise((r) => setImmediate(r));
  }
  return total;
}
