// The media table: what is known about each stored file (its bytes are in the media storage).
import type { Selectable } from "kysely";
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
