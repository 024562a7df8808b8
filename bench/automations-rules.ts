// The 20 active rules of the automations benchmark: a realistic mix of every trigger kind. Most do not match
// a plain "is it ready?" text (keywords, events, status changes); some match and fail a condition (a skipped
// run-log row each); round robin assigns each new conversation; four no-reply timers restart on every text.
import type { RuleInput } from "../src/protocol/automations";

export function benchRules(mainLine: string, supportLine: string): RuleInput[] {
  const note = [{ type: "addNote" as const, body: "bench" }];
  const rules: RuleInput[] = [];
  for (const keyword of ["PRICES", "HOURS", "ADDRESS"]) rules.push({ name: `Keyword ${keyword}`, trigger: { type: "keyword", keyword }, actions: note });
  rules.push({ name: "Refund", trigger: { type: "keyword", keyword: "refund", match: "contains" }, actions: note });
  for (const eventType of ["lead.created", "appointment.booked", "payment.received"])
    rules.push({ name: `On ${eventType}`, trigger: { type: "event", eventType }, actions: note });
  rules.push({ name: "On resolve", trigger: { type: "conversation.status", to: "resolved" }, actions: note });
  rules.push({ name: "On assign", trigger: { type: "conversation.assigned" }, actions: note });
  rules.push({
    name: "Round robin on Main line",
    trigger: { type: "conversation.created" },
    conditions: [{ type: "inbox", inboxIds: [mainLine] }],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  rules.push({
    name: "Support line first text",
    trigger: { type: "message.inbound", first: true },
    conditions: [{ type: "inbox", inboxIds: [supportLine] }],
    actions: note,
  });
  rules.push({ name: "Urgent", trigger: { type: "message.inbound" }, conditions: [{ type: "bodyContains", text: "urgent" }], actions: note });
  rules.push({
    name: "Resolved texts again",
    trigger: { type: "message.inbound" },
    conditions: [{ type: "status", in: ["resolved"] }],
    actions: [{ type: "setStatus", status: "open" }],
  });
  rules.push({ name: "Snoozed texts", trigger: { type: "message.inbound" }, conditions: [{ type: "status", in: ["snoozed"] }], actions: note });
  rules.push({
    name: "Weekend reply on Support line",
    trigger: { type: "message.inbound" },
    match: "all",
    conditions: [
      { type: "inbox", inboxIds: [supportLine] },
      { type: "businessHours", within: false },
    ],
    actions: note,
  });
  rules.push({ name: "Claimed texts", trigger: { type: "message.inbound" }, conditions: [{ type: "assignee", is: "nobody-here" }], actions: note });
  for (const minutes of [15, 60, 240, 1440]) rules.push({ name: `No reply ${minutes} min`, trigger: { type: "noAgentReply", minutes }, actions: note });
  return rules;
}
