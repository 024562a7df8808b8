// Reads for the analytics API: day buckets of some inboxes in a date range, the inboxes' places (location,
// region: joined at read time, so a moved inbox reports under its location now), and live waits.
import type { Executor } from "../db/executor";
import { analyticsDb } from "./analytics.schema";
import { countMetrics } from "../../src/protocol/analytics";
import type { DailyRow } from "./analytics.schema";
import type { Bucket } from "./deltas";
import { toBucket } from "./rollups.repository";

/** Buckets of the inboxes between two days; `agents`: '*' rows (every agent together), the per-agent rows, the per-tag
 * rows ("#…"), or one agent's or one tag's ("#vip") rows. */
export async function readBuckets(db: Executor, inboxIds: string[], from: string, to: string, agents: "all" | "each" | "tags" | string) {
  if (inboxIds.length === 0) return [];
  let q = analyticsDb(db).selectFrom("analyticsDaily").selectAll().where("day", ">=", from).where("day", "<=", to).where("inboxId", "in", inboxIds);
  if (agents === "all") q = q.where("agentId", "=", "*");
  else if (agents === "each") q = q.where("agentId", "!=", "*").where("agentId", "not like", "#%");
  else if (agents === "tags") q = q.where("agentId", "like", "#%");
  else q = q.where("agentId", "=", agents);
  return (await q.orderBy("day").execute()).map(parsedOnce);
}

/**
 * Parsed buckets kept between reads, each checked against its row as read now (counts and the histograms' JSON
 * text): a row the consumer changed is parsed again, an unchanged one — most of a roll-up's 30 days — is not.
 * Parsing was most of a roll-up's CPU (3,000 rows of ~1 KB JSON). Bounded: past it the cache starts again.
 */
const parsed = new Map<string, { row: DailyRow; bucket: Bucket }>();
const KEEP_PARSED = 20_000;

function parsedOnce(row: DailyRow): Bucket {
  const key = `${row.day}|${row.inboxId}|${row.agentId}`;
  const hit = parsed.get(key);
  if (hit && hit.row.durations === row.durations && countMetrics.every((m) => Number(hit.row[m]) === Number(row[m]))) return hit.bucket;
  if (parsed.size >= KEEP_PARSED) parsed.clear();
  const bucket = toBucket(row);
  parsed.set(key, { row, bucket });
  return bucket;
}

export interface InboxPlace {
  inboxId: string;
  inboxName: string;
  locationId: string;
  locationName: string;
  regionId: string | null;
  regionName: string | null;
}

export async function inboxPlaces(db: Executor, inboxIds: string[]): Promise<InboxPlace[]> {
  if (inboxIds.length === 0) return [];
  return db
    .selectFrom("inbox")
    .innerJoin("location", "location.id", "inbox.locationId")
    .leftJoin("region", "region.id", "location.regionId")
    .select([
      "inbox.id as inboxId",
      "inbox.name as inboxName",
      "location.id as locationId",
      "location.name as locationName",
      "region.id as regionId",
      "region.name as regionName",
    ])
    .where("inbox.id", "in", inboxIds)
    .orderBy("location.name")
    .execute();
}

export const userNames = async (db: Executor) => new Map((await db.selectFrom("user").select(["id", "name"]).execute()).map((u) => [u.id, u.name]));

/** Conversations of the inboxes waiting for a person's answer now, oldest wait first. */
export function waitingConversations(db: Executor, inboxIds: string[], limit = 500) {
  if (inboxIds.length === 0) return Promise.resolve([]);
  return analyticsDb(db)
    .selectFrom("analyticsConversation")
    .select(["conversationId", "inboxId", "waitingSince", "slaDueAt", "slaBreachedAt"])
    .where("inboxId", "in", inboxIds)
    .where("waitingSince", "is not", null)
    .orderBy("waitingSince")
    .limit(limit)
    .execute();
}

/** Per inbox: how many wait now, and how many of those are past their SLA due time. */
export async function waitingCounts(db: Executor, inboxIds: string[], now: string) {
  if (inboxIds.length === 0) return new Map<string, { waiting: number; over: number }>();
  const rows = await analyticsDb(db)
    .selectFrom("analyticsConversation")
    .select((eb) => [
      "inboxId",
      eb.fn.countAll<number>().as("waiting"),
      eb.fn.sum<number>(eb.case().when("slaDueAt", "<=", now).then(1).else(0).end()).as("over"),
    ])
    .where("inboxId", "in", inboxIds)
    .where("waitingSince", "is not", null)
    .groupBy("inboxId")
    .execute();
  return new Map(rows.map((r) => [r.inboxId, { waiting: Number(r.waiting), over: Number(r.over ?? 0) }]));
}
