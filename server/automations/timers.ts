// Timers: "no agent reply N minutes after an inbound text", and "N minutes before/after a time in an inbound
// event's data" (an appointment reminder 24 h before `startsAt`). The engine starts one per rule and trigger
// event (unique, so a reread feed starts none twice). A reply, resolving, reassigning or an opt-out cancels
// them (logged as skipped with the reason): a no-reply timer by every one but reassigning, an event-time
// timer by those its rule's `cancelOn` names (an opt-out always). A due timer is claimed by one instance and
// runs the rule's conditions and actions once (its run log row is keyed by the timer).
import type { Rule } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { CancelEvent } from "../../src/protocol/scheduled-sends";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { randomText } from "../ids";
import { conversationsWithContact, findConversationById } from "../conversations/conversations.repository";
import { fireRule } from "./actions";
import { claimRun, findRule, type RunClaim } from "./automations.repository";
import { failedConditions } from "./conditions";
import { cancelTimers, claimDueTimers, conversationIdsOfContact, finishTimer, startTimers } from "./timers.repository";

const CLAIM_MS = 60_000;
const INBOUND_EVENT_FEED_TYPE = "contact.event_recorded";

type Why = CancelEvent | "optOut";
const said: Record<Why, string> = {
  customerReply: "the customer texted again",
  agentReply: "an agent replied",
  resolved: "the conversation was resolved",
  reassigned: "the conversation was reassigned",
  optOut: "the contact opted out",
};

/** Whether `why` cancels the rule's waiting timer. */
function cancels(rule: Rule | undefined, why: Why): boolean {
  if (!rule || why === "optOut") return true;
  if (rule.trigger.type === "event") return rule.cancelOn.includes(why);
  return why !== "reassigned";
}

/** What this event means for timers: some cancelled (with why), and some started. */
export async function timersFor(ctx: ServerContext, rules: Rule[], event: SidetextEvent, key: string, at: Date, skipped: RunClaim[]): Promise<void> {
  const { db } = ctx.database;
  const byId = new Map(rules.map((r) => [r.id, r]));
  // A cancelled timer's run-log line goes with the batch's other skips (server/automations/engine.ts).
  const cancel = async (ids: string[], why: Why, on: Executor = db) => {
    for (const timer of await cancelTimers(on, ids, Number(key), (ruleId) => cancels(byId.get(ruleId), why)))
      skipped.push({
        ruleId: timer.ruleId,
        triggerKey: `timer:${timer.id}`,
        conversationId: timer.conversationId,
        outcome: "skipped",
        detail: [`cancelled: ${said[why]}`],
      });
  };
  if (event.type === "message.created") {
    const m = event.data;
    const starts = rules.flatMap((rule) =>
      rule.trigger.type === "noAgentReply" && m.direction === "inbound"
        ? [{ ruleId: rule.id, triggerKey: key, conversationId: m.conversationId, dueAt: new Date(at.getTime() + rule.trigger.minutes * 60_000).toISOString() }]
        : [],
    );
    // The text's cancels and starts commit together: one durable write per text, not two.
    await db.transaction().execute(async (trx) => {
      await cancel([m.conversationId], m.direction === "inbound" ? "customerReply" : "agentReply", trx);
      await startTimers(trx, starts, at.toISOString());
    });
  } else if (event.type === "conversation.updated" && event.action === "resolved") await cancel([event.data.id], "resolved");
  else if (event.type === "conversation.updated" && event.action === "assigned") await cancel([event.data.id], "reassigned");
  else if (event.type === "contact.updated" && event.data.optedOutAt) await cancel(await conversationIdsOfContact(db, event.data.id), "optOut");
  else if ((event.type as string) === INBOUND_EVENT_FEED_TYPE) await startEventTimers(ctx, rules, event, key, at);
}

/** "24 h before data.startsAt": one timer per rule whose event type this is, on the contact's latest conversation. */
async function startEventTimers(ctx: ServerContext, rules: Rule[], event: SidetextEvent, key: string, at: Date) {
  const { db } = ctx.database;
  const recorded = (event as unknown as { data: { contactId?: unknown; type?: unknown; data?: Record<string, unknown> } }).data;
  if (typeof recorded.contactId !== "string") return;
  for (const rule of rules) {
    const t = rule.trigger;
    if (t.type !== "event" || !t.at || t.eventType !== recorded.type) continue;
    const inboxes = rule.conditions.find((c) => c.type === "inbox")?.inboxIds;
    const conversation = (await conversationsWithContact(db, recorded.contactId)).find((c) => !inboxes || inboxes.includes(c.inboxId));
    if (!conversation) continue;
    const when = Date.parse(String(recorded.data?.[t.at.field] ?? ""));
    const due = when + t.at.minutes * 60_000;
    const skip = Number.isNaN(when) ? `skipped: the event has no time in data.${t.at.field}` : due <= at.getTime() ? "skipped: that time has passed" : null;
    if (skip) {
      await claimRun(db, { ruleId: rule.id, triggerKey: key, conversationId: conversation.id, outcome: "skipped", detail: [skip] }, at.toISOString());
      continue;
    }
    await startTimers(db, [{ ruleId: rule.id, triggerKey: key, conversationId: conversation.id, dueAt: new Date(due).toISOString() }], at.toISOString());
  }
}

/** Runs the timers due at `at`; returns how many it took. */
export async function runDueTimers(ctx: ServerContext, instance: string, at: Date): Promise<number> {
  const { db } = ctx.database;
  const by = `${instance}:${randomText(9, "base64url")}`;
  const timers = await claimDueTimers(db, by, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString(), 50);
  for (const timer of timers) {
    const rule = await findRule(db, timer.ruleId);
    if (!(await finishTimer(db, timer.id, by)) || !rule?.enabled) continue;
    const key = `timer:${timer.id}`;
    const conversation = await findConversationById(db, timer.conversationId);
    const failed = conversation ? await failedConditions(db, rule, conversation, null, at) : ["the conversation is gone"];
    if (failed.length > 0)
      await claimRun(db, { ruleId: rule.id, triggerKey: key, conversationId: timer.conversationId, outcome: "skipped", detail: failed }, at.toISOString());
    else await fireRule(ctx, rule, timer.conversationId, key, at);
  }
  return timers.length;
}
