// The SQL of sends that wait: a rep's send later, a rule's text held back by quiet hours. A due one is claimed
// by one instance (conditional update; SKIP LOCKED on PostgreSQL) and sent once: its message's clientId is the
// scheduled send's, so a second try after a crash finds the first message instead of sending another.
import type { CancelEvent, ScheduledSend } from "../../src/protocol/scheduled-sends";
import { isPostgres, type Executor } from "../db/executor";
import { newId } from "../ids";
import { automationDb } from "./automations.schema";

type Row = ReturnType<typeof rowShape>;
const rowShape = (r: {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  sendAt: string;
  cancelOn: string;
  status: string;
  reason: string | null;
  messageId: string | null;
  createdAt: string;
  updatedAt: string;
}) => r;

export const scheduledSendOf = (r: Row): ScheduledSend => ({
  id: r.id,
  conversationId: r.conversationId,
  authorId: r.authorId,
  body: r.body,
  sendAt: r.sendAt,
  cancelOn: JSON.parse(r.cancelOn),
  status: r.status as ScheduledSend["status"],
  reason: r.reason,
  messageId: r.messageId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export interface NewScheduledSend {
  conversationId: string;
  inboxId: string;
  authorId: string;
  body: string;
  sendAt: string;
  cancelOn: CancelEvent[];
  clientId: string;
  afterPosition: number;
  at: string;
}

/** Stores it unless this author already used the clientId; returns the stored one either way. */
export async function insertScheduledSend(db: Executor, { at, cancelOn, ...s }: NewScheduledSend) {
  const t = automationDb(db);
  await t
    .insertInto("scheduledSend")
    .values({ id: newId("sched"), ...s, cancelOn: JSON.stringify(cancelOn), status: "pending", createdAt: at, updatedAt: at })
    .onConflict((oc) => oc.columns(["authorId", "clientId"]).doNothing())
    .execute();
  return (await t.selectFrom("scheduledSend").selectAll().where("authorId", "=", s.authorId).where("clientId", "=", s.clientId).executeTakeFirst())!;
}

export const findScheduledSend = (db: Executor, id: string) => automationDb(db).selectFrom("scheduledSend").selectAll().where("id", "=", id).executeTakeFirst();

/** The conversation's scheduled sends: the waiting ones and the last day's outcomes, soonest first. */
export const scheduledSendsIn = (db: Executor, conversationId: string, since: string) =>
  automationDb(db)
    .selectFrom("scheduledSend")
    .selectAll()
    .where("conversationId", "=", conversationId)
    .where((eb) => eb.or([eb("status", "=", "pending"), eb("updatedAt", ">=", since)]))
    .orderBy("sendAt")
    .limit(50)
    .execute();

/** Changes a waiting send; false when it is no longer waiting (sent, cancelled, or being sent right now). */
export async function changePendingSend(db: Executor, id: string, changes: { body?: string; sendAt?: string }, at: string): Promise<boolean> {
  const done = await automationDb(db)
    .updateTable("scheduledSend")
    .set({ ...changes, updatedAt: at, claimedBy: null, claimedUntil: null })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export async function endScheduledSend(
  db: Executor,
  id: string,
  end: { status: "sent" | "cancelled" | "failed"; reason: string | null; messageId?: string },
  at: string,
) {
  const done = await automationDb(db)
    .updateTable("scheduledSend")
    .set({ status: end.status, reason: end.reason, messageId: end.messageId ?? null, updatedAt: at })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export const anySendWaiting = async (db: Executor) =>
  !!(await automationDb(db).selectFrom("scheduledSend").select("id").where("status", "=", "pending").limit(1).executeTakeFirst());

/** Waiting sends of these conversations that `event` cancels, made before feed position `position`. */
export const pendingSendsIn = (db: Executor, conversationIds: string[], position: number) =>
  conversationIds.length === 0
    ? Promise.resolve([])
    : automationDb(db)
        .selectFrom("scheduledSend")
        .selectAll()
        .where("conversationId", "in", conversationIds)
        .where("status", "=", "pending")
        .where("afterPosition", "<", position)
        .execute();

/** Claims due sends: of several instances racing for one, exactly one gets it. */
export async function claimDueSends(db: Executor, by: string, at: string, until: string, limit: number) {
  const t = automationDb(db);
  let due = t
    .selectFrom("scheduledSend")
    .select("id")
    .where("status", "=", "pending")
    .where("sendAt", "<=", at)
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .orderBy("sendAt")
    .limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await t
    .updateTable("scheduledSend")
    .set({ claimedBy: by, claimedUntil: until })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimedUntil", "is", null), eb("claimedUntil", "<", at)]))
    .execute();
  return t.selectFrom("scheduledSend").selectAll().where("claimedBy", "=", by).where("status", "=", "pending").where("id", "in", ids).execute();
}

/** A teammate switched off since they scheduled a send: it no longer goes in their name. */
export const isDeactivated = async (db: Executor, userId: string) =>
  !!(await db.selectFrom("user").select("deactivatedAt").where("id", "=", userId).executeTakeFirst())?.deactivatedAt;
