// The SQL of the push pipeline: the feed cursor the fan-out moves, and the jobs (one push of one message to
// one device) that senders claim. See push-fanout.ts and push-sender.ts for why nothing is pushed twice.
import { isPostgres, type Executor } from "../db/executor";
import type { Message } from "../../src/protocol/entities";
import { newId, now } from "../ids";

const position = (db: Executor) => (isPostgres(db) ? "pos" : "seq");

export async function pushCursor(db: Executor): Promise<number> {
  const row = await db.selectFrom("pushCursor").select("position").where("id", "=", 1).executeTakeFirstOrThrow();
  return Number(row.position);
}

/** The feed's head: every event at or below it is committed and visible (feed.ts reads the same way). */
export async function feedHead(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("event")
    .select((eb) => eb.fn.max(position(db) as "seq").as("head"))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

/** New messages in (after, upTo], oldest first, at most `limit`: the inbound ones among them may be pushed. */
export async function messagesBetween(db: Executor, after: number, upTo: number, limit: number): Promise<{ position: number; message: Message }[]> {
  const col = position(db) as "seq";
  const rows = await db
    .selectFrom("event")
    .select([col, "data"])
    .where(col, ">", after)
    .where(col, "<=", upTo)
    .where("type", "=", "message.created")
    .orderBy(col)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ position: Number(r[col]), message: JSON.parse(r.data) as Message }));
}

/**
 * Moves the cursor from `from` to `to` and stores the jobs, in one transaction, only if nobody moved it since
 * it was read: false when another instance took this stretch of the feed (then its jobs are the ones kept).
 */
export async function advanceCursor(db: Executor, from: number, to: number, jobs: NewPushJob[], claim: Claim): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable("pushCursor").set({ position: to }).where("id", "=", 1).where("position", "=", from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const at = now();
    for (let i = 0; i < jobs.length; i += 200) {
      // Claimed by the instance that made them, which sends them next (no second round trip to claim).
      const rows = jobs
        .slice(i, i + 200)
        .map((j) => ({ id: newId("pjob"), ...j, status: "pending", attempts: 0, runAt: at, createdAt: at, claimedBy: claim.by, claimedUntil: claim.until }));
      await trx
        .insertInto("pushJob")
        .values(rows)
        .onConflict((oc) => oc.columns(["messageId", "subscriptionId"]).doNothing())
        .execute();
    }
    return true;
  });
}

export interface Claim {
  /** A token unique to one round of one instance. */
  by: string;
  until: string;
}

export interface NewPushJob {
  messageId: string;
  subscriptionId: string;
  payload: string;
  topic: string;
}

/**
 * Claims up to `limit` due jobs for `claim` (a token unique to this round) until `until`: one conditional
 * update, so of two senders racing for a job exactly one gets it (on PostgreSQL the loser waits for the
 * winner's row lock, then finds the claim taken). A claim whose sender died runs out and the job is due again.
 */
export async function claimDueJobs(db: Executor, { by: claim, until }: Claim, limit: number) {
  const at = now();
  const due = db
    .selectFrom("pushJob")
    .select("id")
    .where("status", "=", "pending")
    .where("runAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("runAt")
    .limit(limit);
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await db
    .updateTable("pushJob")
    .set({ claimedBy: claim, claimedUntil: until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .execute();
  return jobsClaimedBy(db, claim);
}

/** The pending jobs `claim` holds, with their devices' addresses and keys. */
export function jobsClaimedBy(db: Executor, claim: string) {
  return db
    .selectFrom("pushJob")
    .innerJoin("pushSubscription", "pushSubscription.id", "pushJob.subscriptionId")
    .select([
      "pushJob.id",
      "pushJob.payload",
      "pushJob.topic",
      "pushJob.attempts",
      "pushJob.subscriptionId",
      "pushSubscription.endpoint",
      "pushSubscription.p256dh",
      "pushSubscription.auth",
    ])
    .where("pushJob.claimedBy", "=", claim)
    .where("pushJob.status", "=", "pending")
    .execute();
}

export async function markSent(db: Executor, jobId: string, subscriptionId: string, claim: string): Promise<void> {
  const at = now();
  await db.updateTable("pushJob").set({ status: "sent", doneAt: at, claimedUntil: null }).where("id", "=", jobId).where("claimedBy", "=", claim).execute();
  await db.updateTable("pushSubscription").set({ lastPushedAt: at }).where("id", "=", subscriptionId).execute();
}

/** Due again at `runAt`, or given up (status failed) when `runAt` is null. */
export async function markFailed(db: Executor, jobId: string, claim: string, attempts: number, reason: string, runAt: string | null): Promise<void> {
  await db
    .updateTable("pushJob")
    .set(
      runAt ? { attempts, lastError: reason, runAt, claimedUntil: null } : { attempts, lastError: reason, status: "failed", doneAt: now(), claimedUntil: null },
    )
    .where("id", "=", jobId)
    .where("claimedBy", "=", claim)
    .execute();
}

/** Finished jobs are kept a while as the push log, then dropped. */
export async function pruneFinishedJobs(db: Executor, before: string): Promise<void> {
  await db.deleteFrom("pushJob").where("status", "!=", "pending").where("doneAt", "<", before).execute();
}
