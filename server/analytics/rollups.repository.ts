// The analytics tables' SQL for the consumer: the conversations' state, settings the metrics read (business
// hours, SLA targets), and the day buckets, merged read-modify-write (the histograms are JSON) in one pass.
import type { BusinessHours } from "../../src/protocol/automations";
import { countMetrics } from "../../src/protocol/analytics";
import { type Executor, forWrite } from "../db/executor";
import { positionColumn } from "../events/events.repository";
import { automationDb } from "../automations/automations.schema";
import { analyticsDb, type ConversationState, type DailyRow } from "./analytics.schema";
import { type Bucket, mergeBucket } from "./deltas";
import { histogramFrom } from "./histogram";
import { allTargets } from "./sla.repository";

const CHUNK = 400;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

export async function loadStates(db: Executor, conversationIds: string[], contactIds: string[]): Promise<Map<string, ConversationState>> {
  const adb = analyticsDb(db);
  const states = new Map<string, ConversationState>();
  for (const ids of chunks(conversationIds))
    for (const s of await adb.selectFrom("analyticsConversation").selectAll().where("conversationId", "in", ids).execute()) states.set(s.conversationId, s);
  for (const ids of chunks(contactIds))
    for (const s of await adb.selectFrom("analyticsConversation").selectAll().where("contactId", "in", ids).execute()) states.set(s.conversationId, s);
  return states;
}

/** The contacts' tags as the feed last carried them (none stored: no tags). */
export async function loadContactTags(db: Executor, contactIds: string[]): Promise<Map<string, readonly string[]>> {
  const tags = new Map<string, readonly string[]>();
  for (const ids of chunks(contactIds))
    for (const r of await analyticsDb(db).selectFrom("analyticsContactTags").selectAll().where("contactId", "in", ids).execute())
      tags.set(r.contactId, JSON.parse(r.tags));
  return tags;
}

export async function saveContactTags(db: Executor, rows: { contactId: string; tags: string }[]) {
  for (const part of chunks(rows))
    await analyticsDb(db)
      .insertInto("analyticsContactTags")
      .values(part)
      .onConflict((oc) => oc.column("contactId").doUpdateSet((eb) => ({ tags: eb.ref("excluded.tags") })))
      .execute();
}

export async function loadSettings(db: Executor, failing: string[]) {
  const hours = new Map<string, BusinessHours>();
  for (const r of await automationDb(db).selectFrom("inboxHours").select(["inboxId", "schedule"]).execute()) hours.set(r.inboxId, JSON.parse(r.schedule));
  const targets = await allTargets(db);
  const failedBefore = new Set<string>();
  for (const ids of chunks(failing))
    for (const r of await analyticsDb(db).selectFrom("analyticsFailedMessage").select("messageId").where("messageId", "in", ids).execute())
      failedBefore.add(r.messageId);
  return { hours, targets, failedBefore };
}

export async function saveStates(db: Executor, states: ConversationState[], failed: string[]) {
  const adb = analyticsDb(db);
  for (const rows of chunks(states))
    await adb
      .insertInto("analyticsConversation")
      .values(rows)
      .onConflict((oc) =>
        oc.column("conversationId").doUpdateSet((eb) => {
          const { conversationId: _, ...rest } = rows[0];
          return Object.fromEntries(Object.keys(rest).map((k) => [k, eb.ref(`excluded.${k}` as "excluded.status")]));
        }),
      )
      .execute();
  for (const ids of chunks(failed))
    await adb
      .insertInto("analyticsFailedMessage")
      .values(ids.map((messageId) => ({ messageId })))
      .onConflict((oc) => oc.column("messageId").doNothing())
      .execute();
}

function durationsFrom(json: string): Bucket["durations"] {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  for (const k in parsed) parsed[k] = histogramFrom(parsed[k]);
  return parsed as Bucket["durations"];
}

export const toBucket = (r: DailyRow): Bucket => ({
  day: r.day,
  inboxId: r.inboxId,
  agentId: r.agentId,
  counts: Object.fromEntries(countMetrics.map((m) => [m, Number(r[m])])) as Bucket["counts"],
  durations: durationsFrom(r.durations),
});

const toRow = (b: Bucket): DailyRow => ({ day: b.day, inboxId: b.inboxId, agentId: b.agentId, ...b.counts, durations: JSON.stringify(b.durations) });

export async function saveBuckets(db: Executor, buckets: Bucket[]) {
  if (buckets.length === 0) return;
  const adb = analyticsDb(db);
  const days = [...new Set(buckets.map((b) => b.day))];
  const key = (b: { day: string; inboxId: string; agentId: string }) => `${b.day}|${b.inboxId}|${b.agentId}`;
  const wanted = new Set(buckets.map(key));
  const stored = new Map<string, Bucket>();
  for (const inboxIds of chunks([...new Set(buckets.map((b) => b.inboxId))]))
    for (const r of await adb.selectFrom("analyticsDaily").selectAll().where("day", "in", days).where("inboxId", "in", inboxIds).execute())
      if (wanted.has(key(r))) stored.set(key(r), toBucket(r));
  const merged = buckets.map((b) => {
    const old = stored.get(key(b));
    if (!old) return b;
    mergeBucket(old, b);
    return old;
  });
  for (const rows of chunks(merged.map(toRow)))
    await adb
      .insertInto("analyticsDaily")
      .values(rows)
      .onConflict((oc) =>
        oc.columns(["agentId", "inboxId", "day"]).doUpdateSet((eb) => {
          const set: Record<string, unknown> = { durations: eb.ref("excluded.durations") };
          for (const m of countMetrics) set[m] = eb.ref(`excluded.${m}` as "excluded.opened");
          return set;
        }),
      )
      .execute();
}

/** The consumer's cursor, locked for the pass on PostgreSQL. */
export async function lockCursor(db: Executor): Promise<number> {
  const row = await forWrite(db, analyticsDb(db).selectFrom("analyticsCursor").select("position").where("id", "=", 1)).executeTakeFirstOrThrow();
  return Number(row.position);
}

export const moveCursor = (db: Executor, position: number) => analyticsDb(db).updateTable("analyticsCursor").set({ position }).where("id", "=", 1).execute();

/** Numbered feed events after `after`, in feed order, at most `limit`. */
export function eventsAfter(db: Executor, after: number, limit: number) {
  const pos = positionColumn(db);
  return db.selectFrom("event").selectAll().where(pos, ">", after).where(pos, "is not", null).orderBy(pos).limit(limit).execute();
}

/** Empties every rollup and the state, back to the feed's start. */
export async function clearRollups(db: Executor) {
  const adb = analyticsDb(db);
  await adb.deleteFrom("analyticsDaily").execute();
  await adb.deleteFrom("analyticsConversation").execute();
  await adb.deleteFrom("analyticsFailedMessage").execute();
  await adb.deleteFrom("analyticsContactTags").execute();
  await moveCursor(db, 0);
}
