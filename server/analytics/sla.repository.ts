// SLA targets and the waits' due times and breach marks (the state rows the consumer keeps).
import type { SlaTarget } from "../../src/protocol/analytics";
import type { Executor } from "../db/executor";
import { positionColumn } from "../events/events.repository";
import { analyticsDb } from "./analytics.schema";

export async function findTarget(db: Executor, inboxId: string): Promise<SlaTarget | null> {
  const r = await analyticsDb(db).selectFrom("slaTarget").selectAll().where("inboxId", "=", inboxId).executeTakeFirst();
  return r ? { firstResponseMinutes: r.firstResponseMinutes, replyMinutes: r.replyMinutes, businessHours: r.businessHours === 1 } : null;
}

export async function allTargets(db: Executor): Promise<Map<string, SlaTarget>> {
  const rows = await analyticsDb(db).selectFrom("slaTarget").selectAll().execute();
  return new Map(
    rows.map((r) => [r.inboxId, { firstResponseMinutes: r.firstResponseMinutes, replyMinutes: r.replyMinutes, businessHours: r.businessHours === 1 }]),
  );
}

export async function saveTargets(db: Executor, targets: Array<SlaTarget & { inboxId: string }>, updatedAt: string) {
  for (const t of targets) {
    const row = {
      inboxId: t.inboxId,
      firstResponseMinutes: t.firstResponseMinutes,
      replyMinutes: t.replyMinutes,
      businessHours: t.businessHours ? 1 : 0,
      updatedAt,
    };
    await analyticsDb(db)
      .insertInto("slaTarget")
      .values(row)
      .onConflict((oc) => oc.column("inboxId").doUpdateSet(row))
      .execute();
  }
}

/** Waits of an inbox not breached yet (their due times follow a changed target). */
export const openWaitsOf = (db: Executor, inboxId: string) =>
  analyticsDb(db)
    .selectFrom("analyticsConversation")
    .selectAll()
    .where("inboxId", "=", inboxId)
    .where("waitingSince", "is not", null)
    .where("slaBreachedAt", "is", null)
    .execute();

export const setDue = (db: Executor, conversationId: string, slaKind: string | null, slaDueAt: string | null) =>
  analyticsDb(db).updateTable("analyticsConversation").set({ slaKind, slaDueAt }).where("conversationId", "=", conversationId).execute();

/** Waits past their due time and not marked breached, oldest due first. */
export const dueWaits = (db: Executor, now: string, limit: number) =>
  analyticsDb(db)
    .selectFrom("analyticsConversation")
    .selectAll()
    .where("slaDueAt", "<=", now)
    .where("slaBreachedAt", "is", null)
    .where("waitingSince", "is not", null)
    .orderBy("slaDueAt")
    .limit(limit)
    .execute();

/** Marks one wait breached unless it was already (another instance) or has ended; true when this call marked it. */
export async function markBreached(db: Executor, conversationId: string, waitingSince: string, at: string): Promise<boolean> {
  const r = await analyticsDb(db)
    .updateTable("analyticsConversation")
    .set({ slaBreachedAt: at })
    .where("conversationId", "=", conversationId)
    .where("slaBreachedAt", "is", null)
    .where("waitingSince", "=", waitingSince)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The time up to which the consumer's waits are known: `at` once it has read the whole feed, else the time of the newest event it has read. */
export async function waitsKnownUntil(db: Executor, at: string): Promise<string> {
  const cursor = (await analyticsDb(db).selectFrom("analyticsCursor").select("position").where("id", "=", 1).executeTakeFirst())?.position ?? 0;
  const column = positionColumn(db);
  const unread = await db.selectFrom("event").select(column).where(column, ">", cursor).limit(1).executeTakeFirst();
  if (!unread) return at;
  const read = await db.selectFrom("event").select("createdAt").where(column, "<=", cursor).orderBy(column, "desc").limit(1).executeTakeFirst();
  return read?.createdAt ?? new Date(0).toISOString();
}
