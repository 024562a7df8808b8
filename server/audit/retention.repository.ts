// The SQL of message retention: the setting's one row, and the batches the retention job (retention-job.ts)
// blanks or deletes — messages, conversation previews and the feed's copies of message bodies.
import { forWrite, type Executor } from "../db/executor";
import type { RetentionCut } from "./audit-rows";

export const retentionRow = (db: Executor) => forWrite(db, db.selectFrom("messageRetention").selectAll().where("id", "=", 1)).executeTakeFirst();

export async function saveRetentionRow(db: Executor, row: { mode: string; days: number | null; appliedBefore: string | null; updatedAt: string }) {
  await db
    .insertInto("messageRetention")
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

export async function markRetentionApplied(db: Executor, r: { mode: string; days: number | null }, before: string): Promise<void> {
  // Only if the rule is still the one applied (an admin may have changed it meanwhile).
  await db
    .updateTable("messageRetention")
    .set({ appliedBefore: before })
    .where("id", "=", 1)
    .where("mode", "=", r.mode)
    .where("days", r.days === null ? "is" : "=", r.days)
    .execute();
}

/** Blanks the preview of conversations whose last message is older than `cutoff`; returns how many. */
export async function blankOldPreviews(db: Executor, cutoff: string): Promise<number> {
  const done = await db.updateTable("conversation").set({ preview: "" }).where("lastMessageAt", "<", cutoff).where("preview", "<>", "").executeTakeFirst();
  return Number(done.numUpdatedRows);
}

/** Up to `limit` messages before the cutoff (since `since`) the rule still has to act on. */
export async function messagesToRetain(db: Executor, cut: RetentionCut, since: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("message").select("id").where("createdAt", "<", cut.cutoff!);
  if (since) q = q.where("createdAt", ">=", since);
  if (cut.mode === "redact") q = q.where((eb) => eb.or([eb("body", "<>", ""), eb("media", "<>", "[]")]));
  return (await q.limit(limit).execute()).map((r) => r.id);
}

export async function retainMessages(db: Executor, mode: RetentionCut["mode"], ids: string[]): Promise<void> {
  if (mode === "delete") await db.deleteFrom("message").where("id", "in", ids).execute();
  else await db.updateTable("message").set({ body: "", media: "[]" }).where("id", "in", ids).execute();
}

/** Message and conversation events before the cutoff (since `since`), in (createdAt, seq) order after `after`. */
export function eventsToRetain(db: Executor, cutoff: string, since: string | null, after: { createdAt: string; seq: number } | null, limit: number) {
  let q = db
    .selectFrom("event")
    .select(["seq", "type", "data", "createdAt"])
    .where("createdAt", "<", cutoff)
    .where((eb) => eb.or([eb("type", "like", "message.%"), eb("type", "like", "conversation.%")]));
  if (since) q = q.where("createdAt", ">=", since);
  if (after) q = q.where((eb) => eb(eb.refTuple("createdAt", "seq"), ">", eb.tuple(after.createdAt, after.seq)));
  return q.orderBy("createdAt").orderBy("seq").limit(limit).execute();
}

export async function deleteEventsBySeq(db: Executor, seqs: number[]): Promise<void> {
  if (seqs.length) await db.deleteFrom("event").where("seq", "in", seqs).execute();
}

export async function setEventData(db: Executor, seq: number, data: string): Promise<void> {
  await db.updateTable("event").set({ data }).where("seq", "=", seq).execute();
}

/** Deletes up to `limit` of the audit trail's own rows written before `cutoff`, oldest first; returns how many. */
export async function deleteAuditRowsBefore(db: Executor, cutoff: string, limit: number): Promise<number> {
  const oldest = db.selectFrom("event").select("seq").where("type", "like", "audit.%").where("createdAt", "<", cutoff).orderBy("createdAt").limit(limit);
  const done = await db.deleteFrom("event").where("seq", "in", oldest).executeTakeFirst();
  return Number(done.numDeletedRows);
}
