// The media table: what is known about each stored file (its bytes are in the media storage).
import { type Selectable, sql } from "kysely";
import type { Executor } from "../db/executor";
import type { MediaTable } from "../db/schema";

export type MediaRecord = Selectable<MediaTable>;

export async function insertMedia(db: Executor, record: MediaRecord): Promise<void> {
  await db.insertInto("media").values(record).execute();
}

export async function findMediaById(db: Executor, id: string): Promise<MediaRecord | null> {
  return (await db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function findMediaByIds(db: Executor, ids: readonly string[]): Promise<MediaRecord[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("media").selectAll().where("id", "in", ids).execute();
}

/** Neither a message nor a template carries this media (their media JSON names its id). */
const unattached = sql<boolean>`not exists (select 1 from message where message.media like '%"' || media.id || '"%')
  and not exists (select 1 from template where template.media like '%"' || media.id || '"%')`;

/** Uploads made before `before` that nothing carries, oldest first. */
export async function unattachedUploads(db: Executor, before: string, limit: number): Promise<MediaRecord[]> {
  return db
    .selectFrom("media")
    .selectAll()
    .where("uploadedBy", "is not", null)
    .where("createdAt", "<", before)
    .where(unattached)
    .orderBy("createdAt")
    .limit(limit)
    .execute();
}

/** Deletes the row if still nothing carries it (a send may have attached it since it was found); true when deleted. */
export async function deleteIfUnattached(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom("media").where("id", "=", id).where(unattached).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
