// The outbound worker's SQL: due and interrupted sends, claims, overdue receipts. Rules stay in the
// delivery files that call these (claim order, retries, what an interruption means).
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool, type Updateable } from "kysely";
import type { Executor } from "../db/executor";
import type { Database, MessageTable } from "../db/schema";
import { INSTANCE_LOCK_SPACE } from "../cluster/postgres-cluster";

export async function dueMessageIds(db: Executor, at: string, limit: number): Promise<string[]> {
  const due = await db
    .selectFrom("message")
    .select("id")
    .where("status", "in", ["queued", "sending"])
    .where("nextAttemptAt", "<=", at)
    .orderBy("nextAttemptAt")
    .limit(limit)
    .execute();
  return due.map((r) => r.id);
}

export const findMessageRow = (db: Executor, id: string) => db.selectFrom("message").selectAll().where("id", "=", id).executeTakeFirst();

/** Sets `changes` only if the row still has the status and due time it was read with; true when it did. */
export async function claimMessageRow(
  db: Executor,
  row: Pick<Selectable<MessageTable>, "id" | "status" | "nextAttemptAt">,
  changes: Updateable<MessageTable>,
): Promise<boolean> {
  const claimed = await db
    .updateTable("message")
    .set(changes)
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .where("nextAttemptAt", "=", row.nextAttemptAt)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export const findSendingInbox = (db: Executor, inboxId: string) =>
  db.selectFrom("inbox").select(["phoneNumber", "carrier"]).where("id", "=", inboxId).executeTakeFirst();

/** Carrier ids of this inbox's texts to the contact. */
export async function carrierIdsToContact(db: Executor, inboxId: string, contactId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("message")
    .select("carrierMessageId")
    .where("inboxId", "=", inboxId)
    .where("contactId", "=", contactId)
    .where("carrierMessageId", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.carrierMessageId!));
}

/**
 * Sends in flight with no carrier id. With `cluster` (PostgreSQL) only those claimed by no live instance:
 * each instance holds a session advisory lock (postgres-cluster.ts) that disappears with its connection.
 */
function interrupted(cluster: boolean) {
  return (eb: ExpressionBuilder<Database, "message">) => {
    return eb.and([eb("status", "=", "sending"), eb("nextAttemptAt", "is", null), eb("carrierMessageId", "is", null), claimedByGoneInstance(eb, cluster)]);
  };
}

function claimedByGoneInstance(eb: ExpressionBuilder<Database, "message">, cluster: boolean): Expression<SqlBool> {
  if (!cluster) return sql<SqlBool>`1 = 1`;
  const live = sql<SqlBool>`${eb.ref("claimedBy")} in (select objid::text from pg_locks where locktype = 'advisory' and classid = ${INSTANCE_LOCK_SPACE}::oid and objsubid = 2 and granted)`;
  return eb.or([eb("claimedBy", "is", null), eb.not(live)]);
}

export async function inboxIdsWithInterruptedSends(db: Executor, cluster: boolean): Promise<string[]> {
  return (await db.selectFrom("message").select("inboxId").distinct().where(interrupted(cluster)).execute()).map((r) => r.inboxId);
}

export const findInterruptedSends = (db: Executor, cluster: boolean) => db.selectFrom("message").selectAll().where(interrupted(cluster)).execute();

/** Due again now, as an attempt that may have reached the carrier since `uncertainSince`. */
export async function dueForCarrierLookup(db: Executor, id: string, uncertainSince: string, at: string) {
  await db.updateTable("message").set({ nextAttemptAt: at, uncertainSince }).where("id", "=", id).execute();
}

/** `sent` messages last updated at or before `sentBefore` and not yet flagged overdue. */
export const findUnflaggedSentBefore = (db: Executor, sentBefore: string, limit: number) =>
  db
    .selectFrom("message")
    .selectAll()
    .where("status", "=", "sent")
    .where("deliveryOverdue", "=", 0)
    .where("updatedAt", "<=", sentBefore)
    .limit(limit)
    .execute();

/** Flags it only if it is still sent and unflagged; true when it did. */
export async function flagOverdueIfStillSent(db: Executor, id: string): Promise<boolean> {
  const still = await db
    .updateTable("message")
    .set({ deliveryOverdue: 1 })
    .where("id", "=", id)
    .where("status", "=", "sent")
    .where("deliveryOverdue", "=", 0)
    .executeTakeFirst();
  return Number(still.numUpdatedRows) === 1;
}
