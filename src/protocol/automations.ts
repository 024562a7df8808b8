// Automation rules (issue 17) and business hours per inbox: the wire shapes. A rule is a trigger, conditions
// (all or any) and actions run in order; rules run by priority (1 first) and one may stop lower-priority rules.
import { z } from "zod";
import { Tag } from "./contact-tags";
import { isoTime } from "./entities";
import { cancelEvents } from "./scheduled-sends";

/** Keywords kept for opt-out handling (invariant 3): no rule may take them. */
const RESERVED = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "UNSTOP", "YES", "HELP", "INFO"]);
const keyword = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((k) => !RESERVED.has(k.toUpperCase()), "STOP, START, HELP and their synonyms are reserved for opt-out handling");
const statuses = z.enum(["open", "pending", "snoozed", "resolved"]);
const timerMinutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 30);

const Trigger = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message.inbound"), first: z.boolean().default(false) }),
  z.strictObject({ type: z.literal("keyword"), keyword, match: z.enum(["exact", "contains"]).default("exact") }),
  z.strictObject({ type: z.literal("conversation.created") }),
  /** A tag was added to the contact (any tag, or this one), by a teammate, the API, a reported event or CRM sync — not by a rule. */
  z.strictObject({ type: z.literal("contact.tagAdded"), tag: Tag.optional() }),
  z.strictObject({ type: z.literal("conversation.assigned") }),
  z.strictObject({ type: z.literal("conversation.status"), to: statuses.optional() }),
  /** A customer waited past the inbox's SLA target (issue 18): any breach, or only first-response or reply ones. */
  z.strictObject({ type: z.literal("sla.breached"), kind: z.enum(["firstResponse", "reply"]).optional() }),
  /** An inbound event from an integration (`POST /v1/events`), e.g. `lead.created`. */
  z.strictObject({
    type: z.literal("event"),
    eventType: z.string().trim().min(1).max(100),
    /** Not when it arrives but `minutes` after the time in its data's `field` (negative: before; -1440 = 24 h before `startsAt`). */
    at: z
      .strictObject({
        field: z
          .string()
          .regex(/^[A-Za-z_]\w*$/, "a field of the event's data, such as startsAt")
          .max(100),
        minutes: z
          .number()
          .int()
          .min(-60 * 24 * 30)
          .max(60 * 24 * 30),
      })
      .optional(),
  }),
  /** No agent reply `minutes` after an inbound text; cancelled by an agent's reply, another customer text, an opt-out or resolving. */
  z.strictObject({ type: z.literal("noAgentReply"), minutes: timerMinutes }),
  /** No customer reply `minutes` after a teammate's text (a rule's own texts start none); their reply, another text from the team (which starts it again), resolving or an opt-out cancels it. */
  z.strictObject({ type: z.literal("noCustomerReply"), minutes: timerMinutes }),
  /** The conversation stayed in `status` for `minutes` since it moved there (or started, for open); moving to another status cancels it. */
  z.strictObject({ type: z.literal("inStatus"), status: statuses, minutes: timerMinutes }),
  /** The conversation stayed unassigned for `minutes` since it started or was unassigned; an assignment, resolving or an opt-out cancels it. */
  z.strictObject({ type: z.literal("unassigned"), minutes: timerMinutes }),
]);
/** The trigger types a timer fires (not replayed by a dry run). */
export const timerTriggers = ["noAgentReply", "noCustomerReply", "inStatus", "unassigned"] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM (24 h)");
const Condition = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("inbox"), inboxIds: z.array(z.string().min(1)).min(1).max(50) }),
  z.strictObject({ type: z.literal("bodyContains"), text: z.string().trim().min(1).max(200) }),
  z.strictObject({ type: z.literal("assignee"), is: z.union([z.literal("none"), z.string().min(1)]) }),
  z.strictObject({ type: z.literal("status"), in: z.array(statuses).min(1) }),
  z.strictObject({ type: z.literal("businessHours"), within: z.boolean() }),
  /** No teammate texted in the conversation in the last `minutes` (an after-hours reply stays silent while an agent is on it). */
  z.strictObject({ type: z.literal("noRecentAgentReply"), minutes: timerMinutes.default(30) }),
  /** The contact's own wall-clock time (their number's zone, or their timeZone attribute) is in [from, to). */
  z.strictObject({ type: z.literal("localTime"), from: hhmm, to: hhmm }).refine((c) => c.from < c.to, "the window ends after it opens"),
  /** Mobile or landline, when known (libphonenumber's number plan, or the contact's lineType attribute). */
  z.strictObject({ type: z.literal("numberType"), is: z.enum(["mobile", "landline"]) }),
  z.strictObject({ type: z.literal("contactTag"), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({ type: z.literal("contactAttribute"), key: z.string().trim().min(1).max(100), equals: z.string().max(1000) }),
]);

const Action = z.discriminatedUnion("type", [
  /**
   * To one user (userId), round robin among the inbox's members, the member with the fewest open conversations, or
   * the CRM record's owner when an integration knows them (the teammate with the owner's email) — else `fallback`
   * (default: leave it unassigned), and the run log says why.
   */
  z.strictObject({
    type: z.literal("assign"),
    to: z.enum(["user", "roundRobin", "fewestOpen", "crmOwner"]),
    userId: z.string().min(1).optional(),
    fallback: z.enum(["unassigned", "roundRobin", "fewestOpen"]).optional(),
  }),
  z.strictObject({ type: z.literal("addTag"), tag: Tag }),
  z.strictObject({ type: z.literal("removeTag"), tag: Tag }),
  /** A signed POST to a webhook endpoint an admin registered (by id; never a URL written in the rule), retried and logged like any delivery. */
  z.strictObject({ type: z.literal("webhook"), endpointId: z.string().min(1).max(100) }),
  /** A sequence's pause: the actions after it run `minutes` later, unless the rule's cancelOn events come first. */
  z.strictObject({
    type: z.literal("wait"),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30),
  }),
  z.strictObject({ type: z.literal("sendTemplate"), templateId: z.string().min(1) }),
  /** A text written in the rule itself, with the same {{contact.*}} and {{agent.*}} variables as a template. */
  z.strictObject({ type: z.literal("sendText"), body: z.string().trim().min(1).max(1600) }),
  z.strictObject({ type: z.literal("addNote"), body: z.string().trim().min(1).max(2000) }),
  z.strictObject({ type: z.literal("setStatus"), status: z.enum(["open", "pending", "resolved"]) }),
  z.strictObject({
    type: z.literal("snooze"),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90),
  }),
]);

/** In order; a wait splits them into steps, so it needs something after it. */
const Actions = z
  .array(Action)
  .min(1)
  .max(20)
  .refine((a) => a[a.length - 1]?.type !== "wait", "a wait needs an action after it");
const ruleFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  priority: z.number().int().min(1).max(10_000).default(100),
  stopLower: z.boolean().default(false),
  trigger: Trigger,
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(Condition).max(20).default([]),
  actions: Actions,
  /** What cancels this rule's waiting work (a reminder timer, a text held for quiet hours); an opt-out always does. Default: all. */
  cancelOn: z
    .array(z.enum(cancelEvents))
    .max(cancelEvents.length)
    .default([...cancelEvents]),
};
export const RuleBody = z.strictObject(ruleFields);
export type RuleBody = z.infer<typeof RuleBody>;
/** What a client sends (defaults may be left out). */
export type RuleInput = z.input<typeof RuleBody>;
export const RulePatchBody = z.strictObject({
  name: ruleFields.name.optional(),
  enabled: z.boolean().optional(),
  priority: z.number().int().min(1).max(10_000).optional(),
  stopLower: z.boolean().optional(),
  trigger: Trigger.optional(),
  match: z.enum(["all", "any"]).optional(),
  conditions: z.array(Condition).max(20).optional(),
  actions: Actions.optional(),
  cancelOn: z.array(z.enum(cancelEvents)).max(cancelEvents.length).optional(),
});
export type RuleDefinition = Pick<RuleBody, "trigger" | "match" | "conditions" | "actions" | "cancelOn">;
export type RuleAction = RuleBody["actions"][number];
export type RuleCondition = RuleBody["conditions"][number];

export const Rule = z.object({ id: z.string(), ...ruleFields, createdAt: isoTime, updatedAt: isoTime });
export type Rule = z.infer<typeof Rule>;
export const RuleResponse = z.object({ rule: Rule });
export const RulesResponse = z.object({ rules: z.array(Rule) });

/** What a draft rule would have done over the last 30 days of the feed (POST /v1/automations/rules/dry-run). */
export const DryRun = z.object({
  from: isoTime,
  to: isoTime,
  eventsRead: z.number(),
  /** Events its trigger matched. */
  triggered: z.number(),
  wouldAct: z.number(),
  /** Why it would not have acted, most frequent first. */
  skipped: z.array(z.object({ reason: z.string(), count: z.number() })),
  /** The latest, newest first. */
  examples: z.array(z.object({ at: isoTime, conversationId: z.string(), outcome: z.enum(["would act", "skipped"]), detail: z.array(z.string()) })),
});
export type DryRun = z.infer<typeof DryRun>;
export const DryRunResponse = z.object({ dryRun: DryRun });

export const RuleRun = z.object({
  id: z.string(),
  ruleId: z.string(),
  conversationId: z.string().nullable(),
  outcome: z.enum(["fired", "skipped"]),
  /** What it did (one line per action) or why it was skipped. */
  detail: z.array(z.string()),
  createdAt: isoTime,
});
export type RuleRun = z.infer<typeof RuleRun>;
export const RuleRunsResponse = z.object({ runs: z.array(RuleRun) });

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM (24 h)");
const Shift = z.strictObject({ from: time, to: time }).refine((s) => s.from < s.to, "a shift ends after it starts");
const day = z.array(Shift).max(6).default([]);
export const BusinessHours = z.strictObject({
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "an IANA time zone such as America/New_York"),
  weekly: z.strictObject({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
  /** Closed all day, as YYYY-MM-DD in the inbox's time zone. */
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"))
    .max(366)
    .default([]),
});
export type BusinessHours = z.infer<typeof BusinessHours>;
export const BusinessHoursResponse = z.object({ hours: BusinessHours.nullable() });
