// A rule's conditions on the conversation as it is when the rule runs. Returns why it does not apply (one
// line per failed condition, shown in the run log), or nothing when it does.
import type { BusinessHours, Rule, RuleCondition } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import { hoursOf, lastAgentTextAt } from "./automations.repository";
import { isWithinHours, wallClock } from "./business-hours";
import { findContactById } from "../contacts/contacts.repository";
import { lineTypeOf, zonesOf } from "./quiet-hours";

/** Each inbox's business hours, read once for an engine pass over many events (they change rarely). */
export type HoursMemo = Map<string, Promise<BusinessHours | null>>;

export async function failedConditions(
  db: Executor,
  rule: Rule,
  c: Conversation,
  body: string | null,
  at: Date,
  hours: HoursMemo = new Map(),
): Promise<string[]> {
  if (rule.conditions.length === 0) return [];
  const failed: string[] = [];
  for (const condition of rule.conditions) {
    const why = await check(db, condition, c, body, at, hours);
    if (why) failed.push(why);
  }
  if (rule.match === "any") return failed.length < rule.conditions.length ? [] : failed;
  return failed;
}

async function check(db: Executor, condition: RuleCondition, c: Conversation, body: string | null, at: Date, memo: HoursMemo): Promise<string | null> {
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
    case "localTime": {
      const contact = await findContactById(db, c.contactId);
      const zones = contact ? await zonesOf(contact) : [];
      if (zones.length === 0) return "condition false: the contact's time zone is unknown";
      const times = zones.map((z) => wallClock(at, z).time);
      return times.every((t) => condition.from <= t && t < condition.to) ? null : `condition false: it is ${times.join("/")} for the contact`;
    }
    case "numberType": {
      const contact = await findContactById(db, c.contactId);
      const type = contact ? await lineTypeOf(contact) : "unknown";
      return type === condition.is ? null : `condition false: the number is ${type === "unknown" ? "of unknown type" : `a ${type}`}`;
    }
    case "contactTag": {
      const tags = (await findContactById(db, c.contactId))?.tags ?? [];
      return tags.some((t) => t.toLowerCase() === condition.tag.toLowerCase()) ? null : `condition false: not tagged ${condition.tag}`;
    }
    case "contactAttribute": {
      const value = (await findContactById(db, c.contactId))?.attributes[condition.key];
      return value === condition.equals ? null : `condition false: ${condition.key} is ${value === undefined ? "not set" : `"${value}"`}`;
    }
    case "noRecentAgentReply": {
      const last = await lastAgentTextAt(db, c.id);
      const ago = last === null ? null : Math.floor((at.getTime() - Date.parse(last)) / 60_000);
      return ago === null || ago >= condition.minutes ? null : `condition false: a teammate texted ${ago} min ago`;
    }
    case "businessHours": {
      if (!memo.has(c.inboxId)) memo.set(c.inboxId, hoursOf(db, c.inboxId));
      const hours = await memo.get(c.inboxId);
      if (!hours) return "condition false: the inbox has no business hours";
      const open = isWithinHours(hours, at);
      if (open === condition.within) return null;
      return open ? "condition false: within business hours" : "condition false: outside business hours";
    }
  }
}
