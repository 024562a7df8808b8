// A rule's conditions on the conversation as it is when the rule runs. Returns why it does not apply (one
// line per failed condition, shown in the run log), or nothing when it does.
import type { Rule, RuleCondition } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import { hoursOf } from "./automations.repository";
import { isWithinHours } from "./business-hours";

export async function failedConditions(db: Executor, rule: Rule, c: Conversation, body: string | null, at: Date): Promise<string[]> {
  if (rule.conditions.length === 0) return [];
  const failed: string[] = [];
  for (const condition of rule.conditions) {
    const why = await check(db, condition, c, body, at);
    if (why) failed.push(why);
  }
  if (rule.match === "any") return failed.length < rule.conditions.length ? [] : failed;
  return failed;
}

async function check(db: Executor, condition: RuleCondition, c: Conversation, body: string | null, at: Date): Promise<string | null> {
  switch (condition.type) {
    case "inbox":
      return condition.inboxIds.includes(c.inboxId) ? null : "condition false: another inbox";
    case "bodyContains":
      return body?.toLowerCase().includes(condition.text.toLowerCase()) ? null : `condition false: the text does not contain "${condition.text}"`;
    case "assignee":
      if (condition.is === "none") return c.assigneeId === null ? null : "condition false: already assigned";
      return c.assigneeId === condition.is ? null : `condition false: not assigned to ${condition.is}`;
    case "status":
      return condition.in.includes(c.status) ? null : `condition false: status is ${c.status}`;
    case "businessHours": {
      const hours = await hoursOf(db, c.inboxId);
      if (!hours) return "condition false: the inbox has no business hours";
      const open = isWithinHours(hours, at);
      if (open === condition.within) return null;
      return open ? "condition false: within business hours" : "condition false: outside business hours";
    }
  }
}
