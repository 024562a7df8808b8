// Timers: "no agent reply N minutes after an inbound text". The engine starts one per rule and inbound
// event (unique, so a reread feed starts none twice); an agent's reply, another customer text, an opt-out or
// resolving cancels it (logged as skipped with the reason). A due timer is claimed by one instance and runs
// the rule's conditions and actions once (its run log row is keyed by the timer).
import type { Rule } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { ServerContext } from "../context";
import { randomText } from "../ids";
import { findConversationById } from "../conversations/conversations.repository";
import { runActions } from "./actions";
import { claimRun, findRule, setRunDetail } from "./automations.repository";
import { failedConditions } from "./conditions";
import { cancelTimers, claimDueTimers, conversationIdsOfContact, finishTimer, startTimer } from "./timers.repository";

const CLAIM_MS = 60_000;

/** What this event means for timers: some cancelled (with why), and for an inbound text new ones started. */
export async function timersFor(ctx: ServerContext, rules: Rule[], event: SidetextEvent, key: string, at: Date): Promise<void> {
  const { db } = ctx.database;
  const cancel = async (ids: string[], why: string) => {
    for (const timer of await cancelTimers(db, ids, Number(key)))
      await claimRun(
        db,
        { ruleId: timer.ruleId, triggerKey: `timer:${timer.id}`, conversationId: timer.conversationId, outcome: "skipped", detail: [`cancelled: ${why}`] },
        at.toISOString(),
      );
  };
  if (event.type === "message.created") {
    const m = event.data;
    await cancel([m.conversationId], m.direction === "inbound" ? "the customer texted again" : "an agent replied");
    if (m.direction !== "inbound") return;
    for (const rule of rules) {
      if (rule.trigger.type !== "noAgentReply") continue;
      const dueAt = new Date(at.getTime() + rule.trigger.minutes * 60_000).toISOString();
      await startTimer(db, { ruleId: rule.id, triggerKey: key, conversationId: m.conversationId, dueAt, at: at.toISOString() });
    }
  } else if (event.type === "conversation.updated" && event.action === "resolved") await cancel([event.data.id], "the conversation was resolved");
  else if (event.type === "contact.updated" && event.data.optedOutAt) await cancel(await conversationIdsOfContact(db, event.data.id), "the contact opted out");
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
    const outcome = failed.length === 0 ? "fired" : "skipped";
    if (!(await claimRun(db, { ruleId: rule.id, triggerKey: key, conversationId: timer.conversationId, outcome, detail: failed }, at.toISOString()))) continue;
    if (outcome === "fired") await setRunDetail(db, rule.id, key, await runActions(ctx, rule, timer.conversationId, key, at));
  }
  return timers.length;
}
