// Uploads that were never sent nor put in a template (a photo picked and then dropped from the composer) are
// deleted a week after their upload, row first, then bytes: a row never outlives its file. A customer's MMS
// files are kept (their message carries them).
import type { ServerContext } from "../context";
import { mediaKit } from "./media-kit";
import { deleteIfUnattached, unattachedUploads } from "./media.repository";

const KEEP_MS = 7 * 24 * 3_600_000;
const BATCH = 100;

/** One pass; returns how many uploads were deleted. */
export async function pruneUnattachedUploads(ctx: ServerContext, now = Date.now()): Promise<number> {
  const { storage } = mediaKit(ctx);
  const before = new Date(now - KEEP_MS).toISOString();
  let deleted = 0;
  for (const record of await unattachedUploads(ctx.database.db, before, BATCH)) {
    if (!(await deleteIfUnattached(ctx.database.db, record.id))) continue;
    await storage.delete(record.storageKey);
    deleted++;
  }
  return deleted;
}
