// The SQL of fetching customers' MMS files after the webhook is answered: one job per inbound message,
// committed before the answer, claimed by one instance at a time (a conditional update), retried with backoff.
import type { Media } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import { newId, now } from "../ids";

export interface MediaFetchJob {
  id: string;
  inboxId: string;
  carrierMessageId: string;
  attempts: number;
  createdAt: string;
}

/** The job for this message, unless it has one already (a retried webhook). */
export async function queueMediaFetch(db: Executor, inboxId: string, carrierMessageId: string): Promise<void> {
  const at = now();
  await db
    .insertInto("inboundMediaFetch")
    .values({ id: newId("mfetch"), inboxId, carrierMessageId, status: "pending", attempts: 0, runAt: at, createdAt: at })
    .onConflict((oc) => oc.columns(["inboxId", "carrierMessageId"]).doNothing())
    .execute();
}

/** Due jobs' ids, oldest first. */
export async function dueMediaFetches(db: Executor, limit: number): Promise<string[]> {
  const at = now();
  const rows = await db
    .selectFrom("inboundMediaFetch")
    .select("id")
    .where("status", "=", "pending")
    .where("runAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("runAt")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Claims one job for `by` until `until`; null when another instance has it (or it is no longer due). */
export async function claimMediaFetch(db: Executor, id: string, by: string, until: string): Promise<MediaFetchJob | null> {
  const at = now();
  const claimed = await db
    .updateTable("inboundMediaFetch")
    .set({ claimedBy: by, claimedUntil: until })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  return (
    (await db
      .selectFrom("inboundMediaFetch")
      .select(["id", "inboxId", "carrierMessageId", "attempts", "createdAt"])
      .where("id", "=", id)
      .where("claimedBy", "=", by)
      .executeTakeFirst()) ?? null
  );
}

export async function finishMediaFetch(db: Executor, id: string, status: "done" | "failed", lastError: string | null): Promise<void> {
  await db.updateTable("inboundMediaFetch").set({ status, lastError, doneAt: now(), claimedBy: null, claimedUntil: null }).where("id", "=", id).execute();
}

export async function retryMediaFetch(db: Executor, id: string, attempts: number, runAt: string, lastError: string): Promise<void> {
  await db.updateTable("inboundMediaFetch").set({ attempts, runAt, lastError, claimedBy: null, claimedUntil: null }).where("id", "=", id).execute();
}

/** The message's media, now pointing at our copies. */
export async function setMessageMedia(db: Executor, messageId: string, media: readonly Media[], updatedAt: string): Promise<void> {
  await db
    .updateTable("message")
    .set({ media: JSON.stringify(media), updatedAt })
    .where("id", "=", messageId)
    .execute();
}
