// The SQL of Web Push: devices (subscriptions), mutes, do-not-disturb hours.
import type { Selectable } from "kysely";
import type { PushDevice, QuietHours } from "../../src/protocol/push";
import type { Executor } from "../db/executor";
import type { PushSubscriptionTable } from "./push.schema";
import { newId, now } from "../ids";

const toDevice = (r: Pick<Selectable<PushSubscriptionTable>, "id" | "label" | "userAgent" | "createdAt" | "lastPushedAt">): PushDevice => ({
  id: r.id,
  label: r.label,
  userAgent: r.userAgent,
  createdAt: r.createdAt,
  lastPushedAt: r.lastPushedAt,
});

/** What a browser hands us for one device; the id and times are ours. */
type NewSubscription = Omit<PushSubscriptionTable, "id" | "createdAt" | "lastPushedAt">;

/**
 * A browser has one endpoint per subscription: subscribing again (new keys, or another user signed in on the
 * device) replaces the row, so a device never pushes to two users nor twice.
 */
export async function saveSubscription(db: Executor, s: NewSubscription): Promise<PushDevice> {
  const row = { id: newId("psub"), ...s, createdAt: now(), lastPushedAt: null };
  await db
    .insertInto("pushSubscription")
    .values(row)
    .onConflict((oc) => oc.column("endpoint").doUpdateSet({ userId: s.userId, p256dh: s.p256dh, auth: s.auth, label: s.label, userAgent: s.userAgent }))
    .execute();
  const saved = await db.selectFrom("pushSubscription").selectAll().where("endpoint", "=", s.endpoint).executeTakeFirstOrThrow();
  return toDevice(saved);
}

export async function devicesOf(db: Executor, userId: string): Promise<PushDevice[]> {
  const rows = await db.selectFrom("pushSubscription").selectAll().where("userId", "=", userId).orderBy("createdAt", "desc").orderBy("id").execute();
  return rows.map(toDevice);
}

/** Removes one of the user's devices; false when it is not theirs (or gone). */
export async function deleteDevice(db: Executor, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("pushSubscription").where("id", "=", id).where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("pushSubscription").where("id", "=", id).execute();
}

export async function mutedConversationIds(db: Executor, userId: string): Promise<string[]> {
  return (await db.selectFrom("pushMute").select("conversationId").where("userId", "=", userId).orderBy("createdAt").execute()).map((r) => r.conversationId);
}

export async function mute(db: Executor, userId: string, conversationId: string): Promise<void> {
  await db
    .insertInto("pushMute")
    .values({ userId, conversationId, createdAt: now() })
    .onConflict((oc) => oc.columns(["userId", "conversationId"]).doNothing())
    .execute();
}

export async function unmute(db: Executor, userId: string, conversationId: string): Promise<void> {
  await db.deleteFrom("pushMute").where("userId", "=", userId).where("conversationId", "=", conversationId).execute();
}

export async function quietHoursOf(db: Executor, userId: string): Promise<QuietHours | null> {
  const row = await db.selectFrom("pushQuietHours").select(["start", "end", "timeZone"]).where("userId", "=", userId).executeTakeFirst();
  return row ?? null;
}

export async function saveQuietHours(db: Executor, userId: string, quiet: QuietHours | null): Promise<void> {
  if (!quiet) {
    await db.deleteFrom("pushQuietHours").where("userId", "=", userId).execute();
    return;
  }
  await db
    .insertInto("pushQuietHours")
    .values({ userId, ...quiet })
    .onConflict((oc) => oc.column("userId").doUpdateSet(quiet))
    .execute();
}

/**
 * The devices to push an inbound message of each conversation to: its assignee's, or when unassigned every
 * member's of its inbox; always members only (a former member who stays assignee is not pushed), never a
 * deactivated user, never one who muted the conversation. Do-not-disturb is applied by the caller (time zones).
 * One query for a whole stretch of the feed (not one per text).
 */
export async function recipientsOf(db: Executor, conversationIds: string[]) {
  if (conversationIds.length === 0) return [];
  return db
    .selectFrom("conversation")
    .innerJoin("inboxMember", "inboxMember.inboxId", "conversation.inboxId")
    .innerJoin("user", "user.id", "inboxMember.userId")
    .innerJoin("pushSubscription", "pushSubscription.userId", "user.id")
    .leftJoin("pushQuietHours", "pushQuietHours.userId", "user.id")
    .select([
      "conversation.id as conversationId",
      "pushSubscription.id as subscriptionId",
      "user.id as userId",
      "pushQuietHours.start as quietStart",
      "pushQuietHours.end as quietEnd",
      "pushQuietHours.timeZone as quietTimeZone",
    ])
    .where("conversation.id", "in", conversationIds)
    .where("user.deactivatedAt", "is", null)
    .where((eb) => eb.or([eb("conversation.assigneeId", "is", null), eb("conversation.assigneeId", "=", eb.ref("user.id"))]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("pushMute")
            .select("pushMute.userId")
            .whereRef("pushMute.userId", "=", "user.id")
            .whereRef("pushMute.conversationId", "=", "conversation.id"),
        ),
      ),
    )
    .execute();
}

/** The VAPID pair kept in the database (vapid-store.ts), if made yet. */
export const storedVapidPair = (db: Executor) => db.selectFrom("pushVapid").selectAll().where("id", "=", 1).executeTakeFirst();

/** Stores a pair unless one is there already (a racing instance's wins). */
export async function storeVapidPairOnce(db: Executor, publicKey: string, privateKeySealed: string): Promise<void> {
  await db
    .insertInto("pushVapid")
    .values({ id: 1, publicKey, privateKeySealed })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/** A new pair in place of one nobody can open any more; the devices subscribed with the old one are dropped. */
export async function replaceVapidPair(db: Executor, publicKey: string, privateKeySealed: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("pushVapid").set({ publicKey, privateKeySealed }).where("id", "=", 1).execute();
    await trx.deleteFrom("pushSubscription").execute();
  });
}
