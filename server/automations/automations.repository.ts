// The SQL of automations: rules, the engine's feed cursor (moved by a conditional update, as push and CRM
// do), the run log whose unique (rule, trigger event) key is the claim that lets a rule fire once, and business
// hours. Who can take an assigned conversation is in ./routing.repository.ts.
import type { BusinessHours, Rule, RuleDefinition, RuleRun } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import { CompiledQuery } from "kysely";
import type { Executor } from "../db/executor";
import { toConversation } from "../conversations/conversations.repository";
import { positionColumn, positionOf, toEvent } from "../events/events.repository";
import { cancelEvents } from "../../src/protocol/scheduled-sends";
import { newId, now } from "../ids";
import { automationDb } from "./automations.schema";

type RuleRow = { id: string; name: string; enabled: number; priority: number; stopLower: number; definition: string; createdAt: string; updatedAt: string };
/** Rules stored before cancelOn existed: every event cancels their waiting work. */
const withDefaults = (d: Omit<RuleDefinition, "cancelOn"> & Partial<RuleDefinition>): RuleDefinition => ({ ...d, cancelOn: d.cancelOn ?? [...cancelEvents] });
const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  enabled: Boolean(r.enabled),
  priority: r.priority,
  stopLower: Boolean(r.stopLower),
  ...withDefaults(JSON.parse(r.definition)),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
const toRow = (rule: Rule): RuleRow => {
  const { id, name, enabled, priority, stopLower, trigger, match, conditions, actions, cancelOn, createdAt, updatedAt } = rule;
  return {
    id,
    name,
    enabled: enabled ? 1 : 0,
    priority,
    stopLower: stopLower ? 1 : 0,
    definition: JSON.stringify({ trigger, match, conditions, actions, cancelOn }),
    createdAt,
    updatedAt,
  };
};

/** Every rule, highest priority (lowest number) first; ties by age. */
export async function listRules(db: Executor): Promise<Rule[]> {
  const rows = await automationDb(db).selectFrom("automationRule").selectAll().orderBy("priority").orderBy("createdAt").orderBy("id").execute();
  return rows.map(toRule);
}
/** The rule table's version (migration 340's triggers bump it on every change); null if its row is missing. */
export async function rulesVersion(db: Executor): Promise<number | null> {
  const row = await automationDb(db).selectFrom("automationRuleVersion").select("version").where("id", "=", 1).executeTakeFirst();
  return row ? Number(row.version) : null;
}
export async function findRule(db: Executor, id: string): Promise<Rule | null> {
  const row = await automationDb(db).selectFrom("automationRule").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRule(row) : null;
}
export async function insertRule(db: Executor, rule: Rule): Promise<void> {
  await automationDb(db).insertInto("automationRule").values(toRow(rule)).execute();
}
export async function updateRule(db: Executor, rule: Rule): Promise<void> {
  await automationDb(db).updateTable("automationRule").set(toRow(rule)).where("id", "=", rule.id).execute();
}
export async function deleteRule(db: Executor, id: string): Promise<boolean> {
  const done = await automationDb(db).deleteFrom("automationRule").where("id", "=", id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

export async function automationCursor(db: Executor): Promise<number> {
  return Number((await automationDb(db).selectFrom("automationCursor").select("position").where("id", "=", 1).executeTakeFirstOrThrow()).position);
}
/** Moves the cursor only if it still stands at `from`: false when another instance moved it first. */
export async function moveAutomationCursor(db: Executor, from: number, to: number): Promise<boolean> {
  const moved = await automationDb(db)
    .updateTable("automationCursor")
    .set({ position: to })
    .where("id", "=", 1)
    .where("position", "=", from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

/** Feed events in (after, upTo], oldest first, with their positions. */
export async function feedEventsBetween(db: Executor, after: number, upTo: number, limit: number) {
  const col = positionColumn(db) as "seq";
  const rows = await db.selectFrom("event").selectAll().where(col, ">", after).where(col, "<=", upTo).orderBy(col).limit(limit).execute();
  return rows.map((r) => ({ position: positionOf(r), event: toEvent(r) }));
}

/** Claims (rule, trigger) for this run: false when it is already in the log (fired or skipped before). */
export interface RunClaim {
  ruleId: string;
  triggerKey: string;
  conversationId: string | null;
  outcome: RuleRun["outcome"];
  detail: string[];
}
export async function claimRun(db: Executor, run: RunClaim, at: string): Promise<boolean> {
  const inserted = await automationDb(db)
    .insertInto("automationRun")
    .values({ id: newId("arun"), ...run, detail: JSON.stringify(run.detail), createdAt: at })
    .onConflict((oc) => oc.columns(["ruleId", "triggerKey"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}
/** Runs that did not act (a condition was false), many at once; one already logged for its trigger stays. */
export async function logSkippedRuns(db: Executor, runs: RunClaim[], at: string): Promise<void> {
  for (let i = 0; i < runs.length; i += 500)
    await automationDb(db)
      .insertInto("automationRun")
      .values(runs.slice(i, i + 500).map((run) => ({ id: newId("arun"), ...run, detail: JSON.stringify(run.detail), createdAt: at })))
      .onConflict((oc) => oc.columns(["ruleId", "triggerKey"]).doNothing())
      .execute();
}
export const findRun = (db: Executor, ruleId: string, triggerKey: string) =>
  automationDb(db).selectFrom("automationRun").select(["outcome"]).where("ruleId", "=", ruleId).where("triggerKey", "=", triggerKey).executeTakeFirst();
/** The run-log lines of these rules at these triggers, as "rule trigger" → outcome (a stretch of the feed read again). */
export async function runsAt(db: Executor, rules: Array<{ id: string }>, triggerKeys: string[]): Promise<Map<string, string>> {
  const logged = new Map<string, string>();
  if (triggerKeys.length === 0) return logged;
  // By (ruleId, triggerKey), the unique index's columns: no scan of the log.
  const rows = await automationDb(db)
    .selectFrom("automationRun")
    .select(["ruleId", "triggerKey", "outcome"])
    .where(
      "ruleId",
      "in",
      rules.map((r) => r.id),
    )
    .where("triggerKey", "in", triggerKeys)
    .execute();
  for (const r of rows) logged.set(`${r.ruleId} ${r.triggerKey}`, r.outcome);
  return logged;
}
export async function setRunDetail(db: Executor, ruleId: string, triggerKey: string, detail: string[]): Promise<void> {
  await automationDb(db)
    .updateTable("automationRun")
    .set({ detail: JSON.stringify(detail) })
    .where("ruleId", "=", ruleId)
    .where("triggerKey", "=", triggerKey)
    .execute();
}
/** A rule's latest runs, newest first. */
export async function runsOf(db: Executor, ruleId: string, limit: number): Promise<RuleRun[]> {
  const rows = await automationDb(db)
    .selectFrom("automationRun")
    .selectAll()
    .where("ruleId", "=", ruleId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.ruleId,
    conversationId: r.conversationId,
    outcome: r.outcome as RuleRun["outcome"],
    detail: JSON.parse(r.detail),
    createdAt: r.createdAt,
  }));
}

/** These conversations as they are now, by id (an engine stretch's, read at once). */
export async function conversationsByIds(db: Executor, ids: string[]): Promise<Map<string, Conversation>> {
  const found = new Map<string, Conversation>();
  for (let i = 0; i < ids.length; i += 500)
    for (const row of await db
      .selectFrom("conversation")
      .selectAll()
      .where("id", "in", ids.slice(i, i + 500))
      .execute())
      found.set(row.id, toConversation(row));
  return found;
}
/**
 * Whether this inbound message is the conversation's first (by createdAt, then id): no inbound message of the
 * conversation comes before it. Asked for each inbound text when a rule wants first texts; the index
 * message_thread (conversationId, createdAt) finds an earlier one, where sorting the whole thread cost ~0.1 ms a text.
 */
const firstInboundQuery = (db: Executor, conversationId: string, messageId: string) =>
  db
    .selectFrom("message as m")
    .select((eb) =>
      eb
        .not(
          eb.exists(
            eb
              .selectFrom("message as o")
              .select("o.id")
              .whereRef("o.conversationId", "=", "m.conversationId")
              .where("o.direction", "=", "inbound")
              // (createdAt, id) before m's, written so that the index's range on createdAt serves it
              .whereRef("o.createdAt", "<=", "m.createdAt")
              .where((o) => o.or([o("o.createdAt", "<", o.ref("m.createdAt")), o("o.id", "<", o.ref("m.id"))])),
          ),
        )
        .as("first"),
    )
    .where("m.id", "=", messageId)
    .where("m.conversationId", "=", conversationId)
    .where("m.direction", "=", "inbound")
    .compile();
/** Built and compiled once per dialect with stand-ins, run with each text's values (building it cost more than running it). */
const firstInboundSql = new WeakMap<object, { sql: string; parameters: readonly unknown[] }>();
const [CONVERSATION, MESSAGE] = ["\u0000conversation", "\u0000message"];
export async function isFirstInbound(db: Executor, conversationId: string, messageId: string): Promise<boolean> {
  const { adapter } = db.getExecutor();
  let compiled = firstInboundSql.get(adapter);
  if (!compiled) {
    compiled = firstInboundQuery(db, CONVERSATION, MESSAGE);
    firstInboundSql.set(adapter, compiled);
  }
  const parameters = compiled.parameters.map((p) => (p === CONVERSATION ? conversationId : p === MESSAGE ? messageId : p));
  const { rows } = await db.executeQuery<{ first: unknown }>(CompiledQuery.raw(compiled.sql, parameters));
  return rows.length > 0 && Boolean(Number(rows[0].first));
}

export async function hoursOf(db: Executor, inboxId: string): Promise<BusinessHours | null> {
  const row = await automationDb(db).selectFrom("inboxHours").select("schedule").where("inboxId", "=", inboxId).executeTakeFirst();
  return row ? (JSON.parse(row.schedule) as BusinessHours) : null;
}
export async function saveHours(db: Executor, inboxId: string, hours: BusinessHours): Promise<void> {
  const row = { inboxId, schedule: JSON.stringify(hours), updatedAt: now() };
  await automationDb(db)
    .insertInto("inboxHours")
    .values(row)
    .onConflict((oc) => oc.column("inboxId").doUpdateSet({ schedule: row.schedule, updatedAt: row.updatedAt }))
    .execute();
}

/** When a teammate last texted in the conversation (a rule's own texts, author "automation", do not count), or null. */
export async function lastAgentTextAt(db: Executor, conversationId: string): Promise<string | null> {
  const row = await db
    .selectFrom("message")
    .select("createdAt")
    .where("conversationId", "=", conversationId)
    .where("direction", "=", "outbound")
    .where((eb) => eb.or([eb("authorId", "is", null), eb("authorId", "!=", "automation")]))
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.createdAt ?? null;
}
