// What the feed's events mean for timers: which start, which are cancelled (logged as skipped with the reason).
//  - noAgentReply: started by a customer's text; their next text (which starts a new one), a teammate's text,
//    resolving or an opt-out cancels it.
//  - noCustomerReply: started by a teammate's text; the customer's reply, the team's next text (a new one),
//    resolving or an opt-out cancels it.
//  - inStatus: started when the conversation moves to the status (a new conversation is open); moving to
//    another status or an opt-out cancels it.
//  - unassigned: started when a conversation starts, reopens or is unassigned without an assignee; an
//    assignment, resolving or an opt-out cancels it.
//  - event `at` (reminders): a timer per reported event; cancelled by what the rule's `cancelOn` names.
// Rules' own changes start and cancel nothing (the engine skips them, loop-proofing); so a due timer checks
// again that what it waits for still holds (./timers.ts). Each timer is keyed (rule, trigger event): a reread
// feed starts none twice, and cancels only timers started before the event it reads.
import type { Rule } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { SidetextEvent } from "../../src/protocol/events";
import type { CancelEvent } from "../../src/protocol/scheduled-sends";
import type { ServerContext } from "../context";
import { conversationsWithContact } from "../conversations/conversations.repository";
import type { EngineBatch, TimerStart } from "./engine-batch";
import type { RuleSet } from "./rule-set";
import { conversationIdsOfContact } from "./timers.repository";

const INBOUND_EVENT_FEED_TYPE = "contact.event_recorded";
const STATUS_ACTIONS = new Set(["opened", "pending", "snoozed", "resolved", "reopened", "woke"]);

type Why = CancelEvent | "optOut" | "statusChanged";
const said = (why: Why, status?: string): string =>
  ({
    customerReply: "the customer texted again",
    agentReply: "an agent replied",
    resolved: "the conversation was resolved",
    reassigned: "the conversation was reassigned",
    optOut: "the contact opted out",
    statusChanged: `the status changed to ${status}`,
  })[why];

/** Whether `why` cancels the rule's waiting timer (`status`: the conversation's new status, on a status change). */
function cancels(rule: Rule | undefined, why: Why, status?: string): boolean {
  if (!rule || why === "optOut") return true;
  const t = rule.trigger;
  switch (t.type) {
    case "event":
      return why !== "statusChanged" && rule.cancelOn.includes(why);
    case "noAgentReply":
    case "noCustomerReply":
      return why === "customerReply" || why === "agentReply" || why === "resolved";
    case "inStatus":
      return (why === "statusChanged" || why === "resolved") && status !== t.status;
    case "unassigned":
      return why === "reassigned" || why === "resolved";
    default:
      return true;
  }
}

type Start = TimerStart;
/** A timer for each rule whose trigger `pick` accepts, due its minutes after `at`. */
const startsOf = (rules: Rule[], conversationId: string, key: string, at: Date, pick: (t: Rule["trigger"]) => number | null): Start[] =>
  rules.flatMap((rule) => {
    const minutes = pick(rule.trigger);
    return minutes === null ? [] : [{ ruleId: rule.id, triggerKey: key, conversationId, dueAt: new Date(at.getTime() + minutes * 60_000).toISOString() }];
  });

/** What this event means for timers: some cancelled (with why), some started; written with the batch (./engine-batch.ts). */
export async function timersFor(ctx: ServerContext, set: RuleSet, event: SidetextEvent, key: string, at: Date, batch: EngineBatch): Promise<void> {
  const { db } = ctx.database;
  const { enabled: rules, enabledById: byId } = set;
  const change = (conversationIds: string[], why: Why | null, starts: Start[], status?: string) => {
    if (why && conversationIds.length > 0)
      batch.cancels.push({ conversationIds, before: Number(key), mayCancel: (ruleId) => cancels(byId.get(ruleId), why, status), why: said(why, status) });
    batch.starts.push(...starts);
  };
  if (event.type === "message.created") {
    const m = event.data;
    const inbound = m.direction === "inbound";
    const kind = inbound ? "noAgentReply" : "noCustomerReply";
    // A waiting timer of the same kind is restarted by this text, not stopped: on SQLite that is one mark (./restarts.ts).
    // Every text starts them: a plain loop over just those rules, one time string per text (issue 17's ≤ 10 %).
    const restart = { kind, at: at.toISOString() } as const;
    const starts: Start[] = [];
    for (const rule of set.withTrigger(kind)) {
      const { minutes } = rule.trigger as { minutes: number };
      starts.push({
        ruleId: rule.id,
        triggerKey: key,
        conversationId: m.conversationId,
        dueAt: new Date(at.getTime() + minutes * 60_000).toISOString(),
        restart,
      });
    }
    change([m.conversationId], inbound ? "customerReply" : "agentReply", starts);
  } else if (event.type === "conversation.created") {
    change([], null, conversationStarts(rules, event.data, key, at, true));
  } else if (event.type === "conversation.updated" && event.action && STATUS_ACTIONS.has(event.action)) {
    const c = event.data;
    change([c.id], c.status === "resolved" ? "resolved" : "statusChanged", conversationStarts(rules, c, key, at, event.action === "reopened"), c.status);
  } else if (event.type === "conversation.updated" && event.action === "assigned" && event.data.assigneeId) change([event.data.id], "reassigned", []);
  else if (event.type === "conversation.updated" && event.action === "unassigned") change([], null, conversationStarts(rules, event.data, key, at, true));
  else if (event.type === "contact.updated" && event.data.optedOutAt) change(await conversationIdsOfContact(db, event.data.id), "optOut", []);
  else if ((event.type as string) === INBOUND_EVENT_FEED_TYPE) await startEventTimers(ctx, rules, event, key, at, batch);
}

/** In-status timers for the conversation's status; unassigned timers too when `unassignedStarts` and nobody has it. */
const conversationStarts = (rules: Rule[], c: Conversation, key: string, at: Date, unassignedStarts: boolean) =>
  startsOf(rules, c.id, key, at, (t) => {
    if (t.type === "inStatus") return t.status === c.status ? t.minutes : null;
    if (t.type === "unassigned") return unassignedStarts && c.assigneeId === null && c.status !== "resolved" ? t.minutes : null;
    return null;
  });

/** "24 h before data.startsAt": one timer per rule whose event type this is, on the contact's latest conversation. */
async function startEventTimers(ctx: ServerContext, rules: Rule[], event: SidetextEvent, key: string, at: Date, batch: EngineBatch) {
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
      batch.skip(Number(key), { ruleId: rule.id, conversationId: conversation.id, detail: [skip] });
      continue;
    }
    batch.starts.push({ ruleId: rule.id, triggerKey: key, conversationId: conversation.id, dueAt: new Date(due).toISOString() });
  }
}
