// Sequences (follow-ups): a rule's actions after a "wait N minutes" are a step, stored as a row due later
// (./sequence-steps.repository.ts), so it survives restarts. A due step is claimed by one instance and run in
// one transaction with its run-log line (keyed by the step) and the next step's row: exactly once, across
// PostgreSQL instances and a restart in the middle. The rule's cancelOn events (customer or agent reply,
// resolved, reassigned; an opt-out always) cancel what is still waiting, and the run log says which step.
import type { Rule } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { CancelEvent } from "../../src/protocol/scheduled-sends";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { findContactById } from "../contacts/contacts.repository";
import { findConversationById } from "../conversations/conversations.repository";
import type { Conversation } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { randomText } from "../ids";
import { feedHead } from "../push/push-jobs.repository";
import { AUTOMATION, runActions } from "./actions";
import { claimRun, logSkippedRuns, setRunDetail, type RunClaim } from "./automations.repository";
import { ruleSetOf } from "./rule-set";
import { failedConditions } from "./conditions";
import { DUE_BATCH, runDueJobs } from "./due-jobs";
import { cancelStep, cancelStepsOfRule, claimDueSteps, finishStep, insertStep, pendingStepsIn } from "./sequence-steps.repository";
import { conversationIdsOfContact } from "./timers.repository";

const CLAIM_MS = 60_000;
type Why = CancelEvent | "optOut";
const said: Record<Why, string> = {
  customerReply: "the customer replied",
  agentReply: "a teammate replied",
  resolved: "the conversation was resolved",
  reassigned: "the conversation was reassigned",
  optOut: "the contact opted out",
};

/** Which step a run's action index starts: 1 is what fired at the trigger, each wait starts the next. */
const stepNumber = (rule: Rule, index: number) => 1 + rule.actions.slice(0, index).filter((a) => a.type === "wait").length;
const minutesText = (m: number) => (m % 60 === 0 ? `${m / 60} hour${m === 60 ? "" : "s"}` : `${m} minute${m === 1 ? "" : "s"}`);

/** Stores the step after a wait (in the firing's transaction); the run-log line says when it is due. */
export async function scheduleStep(
  tx: Tx,
  rule: Rule,
  step: { conversationId: string; runKey: string; stepIndex: number; minutes: number },
  at: Date,
): Promise<string> {
  const dueAt = new Date(at.getTime() + step.minutes * 60_000).toISOString();
  const { minutes, ...where } = step;
  await insertStep(tx.db, { ruleId: rule.id, ...where, dueAt, cancelOn: rule.cancelOn, afterPosition: await feedHead(tx.db) }, at.toISOString());
  return `waits ${minutesText(minutes)}: step ${stepNumber(rule, step.stepIndex)} at ${dueAt}`;
}

/** What this event cancels among the waiting steps scheduled before it; each cancelled one gets a run-log line. */
export async function cancelStepsFor(ctx: ServerContext, event: SidetextEvent, position: number, skipped: RunClaim[]): Promise<void> {
  const { db } = ctx.database;
  const byPerson = event.actorId !== AUTOMATION; // a rule's own assign or text never cancels its sequence
  let why: Why | null = null;
  let conversationIds: string[] = [];
  if (event.type === "message.created") {
    why = event.data.direction === "inbound" ? "customerReply" : byPerson ? "agentReply" : null;
    conversationIds = [event.data.conversationId];
  } else if (event.type === "conversation.updated" && byPerson && (event.action === "resolved" || event.action === "assigned")) {
    why = event.action === "resolved" ? "resolved" : "reassigned";
    conversationIds = [event.data.id];
  } else if (event.type === "contact.updated" && event.data.optedOutAt) {
    why = "optOut";
    conversationIds = await conversationIdsOfContact(db, event.data.id);
  }
  if (!why) return;
  for (const step of await pendingStepsIn(db, conversationIds, position)) {
    if (why !== "optOut" && !(JSON.parse(step.cancelOn) as string[]).includes(why)) continue;
    if (await cancelStep(db, step.id)) skipped.push(cancelled(step, why));
  }
}

const cancelled = (step: { id: string; ruleId: string; conversationId: string; dueAt: string }, why: Why): RunClaim => ({
  ruleId: step.ruleId,
  triggerKey: `step:${step.id}`,
  conversationId: step.conversationId,
  outcome: "skipped",
  detail: [`sequence cancelled: ${said[why]}`, `(its next step was due at ${step.dueAt})`],
});

/** A rule's actions changed: its sequences in flight stop (a step index would point into other actions), each logged. */
export async function stopSequencesOf(db: Executor, ruleId: string, at: string): Promise<void> {
  const stopped = await cancelStepsOfRule(db, ruleId);
  const line = "sequence stopped: the rule's actions were edited";
  await logSkippedRuns(
    db,
    stopped.map((s) => ({ ruleId, triggerKey: `step:${s.id}`, conversationId: s.conversationId, outcome: "skipped", detail: [line] })),
    at,
  );
}

/** Runs the steps due at `at`, a batch in one transaction (./due-jobs.ts); returns how many it took. */
export async function runDueSteps(ctx: ServerContext, instance: string, at: Date): Promise<number> {
  const { db } = ctx.database;
  const by = `${instance}:${randomText(9, "base64url")}`;
  const due = await claimDueSteps(db, by, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString(), DUE_BATCH);
  if (due.length === 0) return 0;
  const rules = (await ruleSetOf(ctx)).byId;
  await runDueJobs(ctx, due, (tx, step) => runStep(tx, rules.get(step.ruleId), step, by, at), "sequence step");
  return due.length;
}

type DueStep = Awaited<ReturnType<typeof claimDueSteps>>[number];

/** One due step, in the batch's transaction: stopped, cancelled, skipped (its rule's conditions no longer hold) or run. */
async function runStep(tx: Tx, rule: Rule | undefined, step: DueStep, by: string, at: Date): Promise<Rule | null> {
  const key = `step:${step.id}`;
  const log = async (outcome: "fired" | "skipped", detail: string[]) =>
    claimRun(tx.db, { ruleId: step.ruleId, triggerKey: key, conversationId: step.conversationId, outcome, detail }, at.toISOString());
  const stop = async (line: string) => {
    if (await cancelStep(tx.db, step.id)) await log("skipped", [line]);
    return null;
  };
  const conversation = await findConversationById(tx.db, step.conversationId);
  if (!rule?.enabled) return stop(rule ? "sequence stopped: the rule was switched off" : "sequence stopped: the rule was deleted");
  if (!conversation) return stop("sequence stopped: the conversation is gone");
  // The feed may not have been read up to a reply that came in just before: the conversation knows.
  if (rule.cancelOn.includes("customerReply") && conversation.lastInboundAt && conversation.lastInboundAt > step.createdAt)
    return stop(`sequence cancelled: ${said.customerReply}`);
  if ((await findContactById(tx.db, conversation.contactId))?.optedOutAt) return stop(`sequence cancelled: ${said.optOut}`);
  if (!(await finishStep(tx.db, step.id, by))) return null; // cancelled, or taken by another instance, meanwhile
  const number = stepNumber(rule, step.stepIndex);
  const failed = await stillFailing(tx, rule, conversation, at);
  if (failed.length > 0) {
    // This step's actions are skipped; the sequence goes on to its next step, which checks again when due.
    const next = rule.actions.findIndex((a, i) => i >= step.stepIndex && a.type === "wait");
    const wait = rule.actions[next];
    const rest =
      wait?.type === "wait"
        ? [await scheduleStep(tx, rule, { conversationId: step.conversationId, runKey: step.runKey, stepIndex: next + 1, minutes: wait.minutes }, at)]
        : [];
    await log("skipped", [`step ${number} skipped:`, ...failed, ...rest]);
    return null;
  }
  if (!(await log("fired", []))) return null;
  const lines = await runActions(tx, rule, step.conversationId, { runKey: step.runKey, key }, step.stepIndex, at);
  await setRunDetail(tx.db, rule.id, key, [`step ${number}:`, ...lines]);
  return rule;
}

/**
 * The rule's conditions, checked again when a later step is due (an "outside business hours" follow-up whose
 * hours have begun, a conversation claimed meanwhile). The trigger's text does not change, so "the text
 * contains" held when the rule fired and still does.
 */
function stillFailing(tx: Tx, rule: Rule, conversation: Conversation, at: Date): Promise<string[]> {
  const recheck = rule.conditions.filter((c) => c.type !== "bodyContains");
  if (rule.match === "any" && recheck.length < rule.conditions.length) return Promise.resolve([]);
  return failedConditions(tx.db, { ...rule, conditions: recheck }, conversation, null, at);
}
