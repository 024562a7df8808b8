// The rule engine, driven from the event feed after commit. Each instance reads the feed past the shared
// cursor; for each event the enabled rules run by priority. A rule's run is claimed by inserting its log row
// (unique rule + trigger event): of several instances, or a restart reading a stretch again, exactly one
// claims it, and only the claimer acts. The cursor then moves by a conditional update. A crash after the
// claim and before the actions leaves that run logged but not done: at most once, never twice.
import type { Rule } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { SidetextEvent } from "../../src/protocol/events";
import type { ServerContext } from "../context";
import { feedHead } from "../push/push-jobs.repository";
import { conversationsWithContact, findConversationById } from "../conversations/conversations.repository";
import { isPostgres } from "../db/executor";
import { inTransaction, type Tx } from "../events/transaction";
import { AUTOMATION, fireIn, fireRule, nudgeFor } from "./actions";
import { automationCursor, conversationsByIds, feedEventsBetween, findRun, isFirstInbound, runsAt } from "./automations.repository";
import { failedConditions, type HoursMemo } from "./conditions";
import { EngineBatch } from "./engine-batch";
import { sqliteConversationsByIds, sqliteIsFirstInbound } from "./engine-reads.sqlite.repository";
import { ruleSetOf, type RuleSet } from "./rule-set";
import { rulesSkippedIn } from "./skip-log";
import { skipRowsAt } from "./skip-log.repository";
import { anySendWaiting } from "./scheduled-sends.repository";
import { cancelSendsFor } from "./send-due";
import { anyStepWaiting } from "./sequence-steps.repository";
import { cancelStepsFor } from "./sequences";
import { tagsAdded } from "./tags-added.repository";
import { timersFor } from "./timers-feed";

/** The engine's clock, replaced by tests (business hours, snooze times). */
export const automationClock = { now: () => new Date() };

/**
 * The feed type of an event another app reported about a contact (`POST /v1/events`, server/integrations/events:
 * `lead.created`, `appointment.booked`…). Its data carries the contact and the event's own type; the rule acts
 * on the contact's latest conversation (the inbox condition narrows which inboxes count).
 */
const INBOUND_EVENT_FEED_TYPE = "contact.event_recorded";

const BATCH = 200;

/** Reads and acts on the feed past the cursor; returns how many events it read (0 when there was nothing). */
export async function runAutomations(ctx: ServerContext): Promise<number> {
  const { db } = ctx.database;
  const from = await automationCursor(db);
  const head = await feedHead(db);
  if (head <= from) return 0;
  const rows = await feedEventsBetween(db, from, head, BATCH);
  const to = rows.length === BATCH ? rows[rows.length - 1].position : head;
  const rules = await ruleSetOf(ctx);
  const stretch: Stretch = { rows, from, to, rules };
  if (isPostgres(db) || rules.enabled.length === 0) {
    await readStretch(ctx, stretch, null);
    return rows.length;
  }
  // SQLite: the whole stretch, fired rules included, is one transaction (one writer, a commit is an fsync; nothing
  // else writes while it runs). Fired rules' claims commit with the cursor's move. If anything in it throws, it is
  // rolled back whole and read again with each fired rule in its own transaction, as on PostgreSQL, where many
  // writers run side by side and a long transaction would hold their conversations' rows.
  try {
    const fired = await inTransaction(db, ctx.bus, async (tx) => {
      const inTx = { ...ctx, database: { ...ctx.database, db: tx.db } } as ServerContext;
      return readStretch(inTx, stretch, tx);
    });
    for (const rule of new Set(fired)) nudgeFor(ctx, rule);
  } catch (err) {
    ctx.log.error({ err }, "automations: a stretch of the feed failed in one transaction; reading it again rule by rule");
    await readStretch(ctx, stretch, null);
  }
  return rows.length;
}

interface Stretch {
  rows: Awaited<ReturnType<typeof feedEventsBetween>>;
  from: number;
  to: number;
  rules: RuleSet;
}

/** Reads the stretch and acts on it; with `tx`, fired rules run in it too and are returned (to wake their senders after commit). */
async function readStretch(ctx: ServerContext, { rows, from, to, rules: set }: Stretch, tx: Tx | null): Promise<Rule[]> {
  const rules = set.enabled;
  const { db } = ctx.database;
  const waiting = await anySendWaiting(db); // most stretches of the feed have no send to cancel: one query, not one per event
  const stepsWaiting = await anyStepWaiting(db);
  const batch = new EngineBatch();
  // What a reread stretch already logged, read once for the stretch rather than once per rule and event: for the
  // events that may trigger a rule, and those rules (react() asks no other).
  const reacting = rows.filter(({ event }) => event.actorId !== AUTOMATION && set.triggeredBy(event.type).length > 0);
  const asked = [...new Set(reacting.flatMap(({ event }) => set.triggeredBy(event.type)))];
  const logged = asked.length > 0 ? await loggedAt(db, asked, reacting) : new Map<string, string>();
  const sqlite = tx ? ctx.database.sqlite : null;
  const ids = tx ? conversationsOf(rows, set) : [];
  const conversations = sqlite ? sqliteConversationsByIds(sqlite, ids) : tx ? await conversationsByIds(db, ids) : null;
  const seen: Seen = { logged, hours: new Map(), tx, fired: [], conversations };
  for (const { position, event } of rows) {
    if (waiting) await cancelSendsFor(ctx, event, Number(position), automationClock.now());
    if (stepsWaiting) await cancelStepsFor(ctx, event, Number(position), batch.skipped);
    if (rules.length === 0 || event.actorId === AUTOMATION) continue; // loop-proof: what rules did never triggers rules
    await react(ctx, set.triggeredBy(event.type), event, String(position), batch, seen);
    await timersFor(ctx, set, event, String(position), automationClock.now(), batch);
  }
  // Skips, timers started and cancelled, and the cursor: one commit per stretch instead of one per text.
  await batch.commit(db, ctx.database.sqlite, from, to, automationClock.now().toISOString());
  return seen.fired;
}

/** The run-log lines these rules have at these events: fired ones in the run log, skips in the events' skip rows. */
async function loggedAt(db: ServerContext["database"]["db"], rules: Rule[], rows: Stretch["rows"]): Promise<Map<string, string>> {
  const logged = await runsAt(
    db,
    rules,
    rows.map((r) => String(r.position)),
  );
  for (const row of await skipRowsAt(
    db,
    rows.map((r) => Number(r.position)),
  ))
    for (const ruleId of rulesSkippedIn(row)) if (!logged.has(`${ruleId} ${row.position}`)) logged.set(`${ruleId} ${row.position}`, "skipped");
  return logged;
}

interface Trigger {
  conversationId: string;
  body: string | null;
}

/** Read once per stretch: the run-log lines already there (rule + trigger → outcome), each inbox's business hours. */
interface Seen {
  logged: Map<string, string>;
  hours: HoursMemo;
  /** The stretch's transaction, when fired rules run in it (SQLite); the rules fired in it. */
  tx: Tx | null;
  fired: Rule[];
  /**
   * In the stretch's one transaction (SQLite), the conversations its events concern, read at once: nothing else
   * writes while it runs, so they stay as read until a rule fired here changes one (then it is read again).
   */
  conversations: Map<string, Conversation | null> | null;
}

/** The conversations the stretch's events may trigger rules on (those whose event some rule is triggered by). */
function conversationsOf(rows: Stretch["rows"], set: RuleSet): string[] {
  const ids = new Set<string>();
  for (const { event } of rows) {
    if (event.actorId === AUTOMATION || set.triggeredBy(event.type).length === 0) continue;
    if (event.type === "message.created" || event.type === "sla.breached") ids.add(event.data.conversationId);
    else if (event.type === "conversation.created" || event.type === "conversation.updated") ids.add(event.data.id);
  }
  return [...ids];
}

async function conversationOf(ctx: ServerContext, seen: Seen, id: string): Promise<Conversation | null> {
  const known = seen.conversations?.get(id);
  if (known !== undefined) return known;
  const { sqlite } = ctx.database;
  const read = (seen.tx && sqlite ? sqliteConversationsByIds(sqlite, [id]).get(id) : await findConversationById(ctx.database.db, id)) ?? null;
  seen.conversations?.set(id, read);
  return read;
}

async function react(ctx: ServerContext, rules: Rule[], event: SidetextEvent, key: string, batch: EngineBatch, seen: Seen): Promise<void> {
  const { db } = ctx.database;
  // Read once per event, again only after a rule changed it.
  let conversation: Conversation | null | undefined;
  for (const rule of rules) {
    const trigger = await triggerOf(ctx, rule, event);
    if (!trigger) continue;
    const prior = seen.logged.get(`${rule.id} ${key}`);
    if (prior) {
      if (prior === "fired" && rule.stopLower) return;
      continue;
    }
    const at = automationClock.now();
    if (conversation?.id !== trigger.conversationId) conversation = await conversationOf(ctx, seen, trigger.conversationId);
    const failed = conversation ? await failedConditions(db, rule, conversation, trigger.body, at, seen.hours) : ["the conversation is gone"];
    if (failed.length > 0) {
      batch.skip(Number(key), { ruleId: rule.id, conversationId: trigger.conversationId, detail: failed });
      continue;
    }
    const fired = seen.tx ? await fireIn(seen.tx, rule, trigger.conversationId, key, at) : await fireRule(ctx, rule, trigger.conversationId, key, at);
    if (fired && seen.tx) seen.fired.push(rule);
    if (!fired) {
      if ((await findRun(db, rule.id, key))?.outcome === "fired" && rule.stopLower) return;
      continue;
    }
    conversation = undefined;
    seen.conversations?.delete(trigger.conversationId);
    if (rule.stopLower) return;
  }
}

/** Whether the event is this rule's trigger: the conversation it concerns and the text it carries. */
export async function triggerOf(ctx: ServerContext, rule: Rule, event: SidetextEvent): Promise<Trigger | null> {
  const t = rule.trigger;
  switch (event.type) {
    case "message.created": {
      const m = event.data;
      if (m.direction !== "inbound") return null;
      const hit = { conversationId: m.conversationId, body: m.body };
      if (t.type === "message.inbound") return !t.first || (await firstInbound(ctx, m.conversationId, m.id)) ? hit : null;
      if (t.type === "keyword") {
        const body = m.body.trim().toLowerCase();
        const word = t.keyword.toLowerCase();
        return (t.match === "exact" ? body === word : body.includes(word)) ? hit : null;
      }
      return null;
    }
    case "conversation.created":
      return t.type === "conversation.created" ? { conversationId: event.data.id, body: null } : null;
    case "conversation.updated": {
      const c = event.data;
      if (t.type === "conversation.assigned" && event.action === "assigned") return { conversationId: c.id, body: null };
      const statusChange =
        event.action === "opened" || event.action === "pending" || event.action === "snoozed" || event.action === "resolved" || event.action === "reopened";
      if (t.type === "conversation.status" && statusChange && (!t.to || t.to === c.status)) return { conversationId: c.id, body: null };
      return null;
    }
    case "contact.updated": {
      // "Contact tag added": the tags this change added (a rule's own tagging never gets here: loop-proof).
      if (t.type !== "contact.tagAdded" || !event.data.tags?.length) return null;
      const added = await tagsAdded(ctx.database.db, event.data.id, event.data.tags, event.seq);
      if (!(t.tag ? added.includes(t.tag) : added.length > 0)) return null;
      return latestConversationOf(ctx, rule, event.data.id);
    }
    case "sla.breached":
      // A customer waited past the inbox's SLA target (server/analytics/sla-breaches.ts).
      return t.type === "sla.breached" && (!t.kind || t.kind === event.data.kind) ? { conversationId: event.data.conversationId, body: null } : null;
    default: {
      const data = (event as { type: string; data: Record<string, unknown> }).data;
      if ((event.type as string) !== INBOUND_EVENT_FEED_TYPE || t.type !== "event" || data.type !== t.eventType) return null;
      if (t.at) return null; // a time in the event's data: a timer fires it (./timers.ts)
      if (typeof data.contactId !== "string") return null;
      return latestConversationOf(ctx, rule, data.contactId);
    }
  }
}

/** Prepared on SQLite inside a stretch's transaction (it holds the one connection); Kysely otherwise. */
function firstInbound(ctx: ServerContext, conversationId: string, messageId: string): boolean | Promise<boolean> {
  const { db, sqlite } = ctx.database;
  return sqlite && db.isTransaction ? sqliteIsFirstInbound(sqlite, conversationId, messageId) : isFirstInbound(db, conversationId, messageId);
}

/** A contact's event acts on their latest conversation in the rule's inboxes. */
async function latestConversationOf(ctx: ServerContext, rule: Rule, contactId: string): Promise<Trigger | null> {
  const inboxes = rule.conditions.find((c) => c.type === "inbox")?.inboxIds;
  const latest = (await conversationsWithContact(ctx.database.db, contactId)).find((c) => !inboxes || inboxes.includes(c.inboxId));
  return latest ? { conversationId: latest.id, body: null } : null;
}
