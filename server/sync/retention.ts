// The feed is pruned from the old end; a client whose cursor falls before what is kept must bootstrap again.
import { sql } from "kysely";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { headSeq } from "../events/feed";

/** Deletes events before `beforeSeq`, always keeping the newest so the head (and every cursor) stays valid. */
export async function pruneEvents(db: Executor, beforeSeq: number): Promise<number> {
  const keepFrom = Math.min(beforeSeq, await headSeq(db));
  const result = await db.deleteFrom("event").where("seq", "<", keepFrom).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** 410 cursor_expired unless the feed still holds every event after `after` and `after` is not past the head. */
export async function assertCursorValid(db: Executor, after: number): Promise<void> {
  const row = await db.selectFrom("event").select([sql<number | null>`min(seq)`.as("oldest"), sql<number | null>`max(seq)`.as("head")]).executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? 1 : Number(row.oldest);
  const head = row.head === null ? 0 : Number(row.head);
  if (after < oldest - 1) throw new AppError("cursor_expired", "The feed no longer reaches back to this cursor; bootstrap again", { oldestCursor: oldest - 1 });
  if (after > head) throw new AppError("cursor_expired", "This cursor is ahead of the feed (was the server's database replaced?); bootstrap again", { headCursor: head });
}
