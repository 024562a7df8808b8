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
import { findConversationById } from "../conversations/conversations.repository";
import { isPostgres } from "../db/executor";
import { inTransaction, type Tx } from "../events/transaction";
import { AUTOMATION, fireIn, fireRule, nudgeFor, type RunLog } from "./actions";
import { sqliteRunLog } from "./run-log.sqlite.repository";
import { keepReadsIn } from "./stretch-reads";
import { automationCursor, conversationsByIds, feedEventsBetween, findRun, runsAt } from "./automations.repository";
import { failedConditions, type HoursMemo } from "./conditions";
import { EngineBatch } from "./engine-batch";
import { sqliteConversationsByIds } from "./engine-reads.sqlite.repository";
import { firstInboundOnce, triggerOf, type FirstInbound } from "./triggers";
import { ruleSetOf, type RuleSet } from "./rule-set";
import { rulesSkippedIn } from "./skip-log";
import { skipRowsAt } from "./skip-log.repository";
import { anySendWaiting } from "./scheduled-sends.repository";
import { cancelSendsFor } from "./send-due";
import { anyStepWaiting } from "./sequence-steps.repository";
import { cancelStepsFor } from "./sequences";
import { timersFor } from "./timers-feed";

/** The engine's clock, replaced by tests (business hours, snooze times). */
export const automationClock = { now: () => new Date() };

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
      keepReadsIn(tx.db); // the stretch is the one writer: members, hours and availability stay as read (./stretch-reads.ts)
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
  const seen: Seen = {
    logged,
    hours: new Map(),
    tx,
    fired: [],
    conversations,
    firstInbound: sqlite ? firstInboundOnce(sqlite, ids) : null,
    runLog: sqlite ? sqliteRunLog(sqlite) : null,
  };
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
  /** In the same transaction, whether a text is its conversation's first inbound one: read for all at the first ask. */
  firstInbound: FirstInbound | null;
  /** In the same transaction on SQLite, fired rules' run-log lines through prepared statements. */
  runLog: RunLog | null;
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
    const trigger = await triggerOf(ctx, rule, event, seen.firstInbound);
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
    const fired = seen.tx
      ? await fireIn(seen.tx, rule, trigger.conversationId, key, at, { runLog: seen.runLog ?? undefined, conversation: conversation ?? undefined })
      : await fireRule(ctx, rule, trigger.conversationId, key, at);
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
