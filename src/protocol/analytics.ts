// Analytics and SLA (issue 18): the published metric definitions (shown next to every number, in the web app
// and in GET /v1/analytics/definitions), the wire shapes of the analytics API, and SLA targets and breaches.
import { z } from "zod";
import { Tag } from "./contact-tags";
import { isoTime } from "./entities";

/** Durations, each as median and p90, in calendar seconds and in business-hours seconds. */
export const durationMetrics = ["firstResponse", "reply", "resolution"] as const;
export type DurationMetric = (typeof durationMetrics)[number];
export const countMetrics = [
  "opened",
  "resolved",
  "inbound",
  "outbound",
  "automated",
  "failed",
  "inboundSegments",
  "outboundSegments",
  "optOuts",
  "breaches",
] as const;
export type CountMetric = (typeof countMetrics)[number];

export const definitions: Record<DurationMetric | CountMetric | "optOutRate" | "businessHours" | "percentiles" | "attention" | "tags" | "days", string> = {
  firstResponse:
    "First response time: from the first customer text of a conversation, or of its reopening after it was resolved, to the first text a person sends. Automated sends (rules, HELP replies) and internal notes don't count. Counted on the day of the response, for the person who sent it.",
  reply:
    "Reply time: from the earliest customer text still waiting for an answer to the next text a person sends (a burst of customer texts is one wait). Automated sends and notes don't end a wait; resolving or an opt-out ends it without a sample.",
  resolution: "Resolution time: from a conversation's opening (its first event, or reopening after it was resolved) to its resolution, for its assignee.",
  opened: "Conversations opened: new conversations plus resolved ones that reopened.",
  resolved: "Conversations resolved.",
  inbound: "Inbound messages: texts customers sent.",
  outbound: "Outbound messages: texts people sent (automated sends counted apart).",
  automated: "Automated sends: texts sent by rules or by the server itself (HELP replies).",
  failed: "Failed messages: outbound texts the carrier reported failed or undelivered (each message once).",
  inboundSegments: "Inbound segments: SMS parts of customer texts (160 GSM-7 / 70 UCS-2 characters a part).",
  outboundSegments: "Outbound segments: SMS parts of every outbound text, people's and automated.",
  optOuts: "Opt-outs: contacts who texted STOP (or a synonym), on the conversation they last wrote in.",
  optOutRate: "Opt-out rate: opt-outs ÷ outbound texts (people's and automated), as a percentage.",
  breaches: "Unanswered over SLA target: waits that passed the inbox's first-response or reply target before a person answered, on the day the target passed.",
  businessHours:
    "Business hours: the same durations counting only the inbox's open hours (its business hours: weekly shifts, holidays, time zone); an inbox without hours is always open.",
  percentiles: "Median and p90 (nearest rank) come from per-day histograms with buckets 5 % wide, so a shown value is within 2.5 % of the exact one.",
  attention:
    "Needs attention: SLA breaches in at least 15 % of the last 7 days' waits, customers waiting past the target now, or an opt-out or failed-delivery spike (the last 7 days' rate at least double the earlier days' and at least 3 of them, or above 2 % opt-outs / 5 % failed).",
  tags: "By tag: a conversation's counts and durations go to each tag its contact has when the text, answer or resolution happens (a tag added later does not move earlier numbers); a contact with two tags counts under both.",
  days: "Days are UTC days; a sample counts on the day it completes (the answer, the resolution).",
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
export const AnalyticsQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  inboxId: z.string().min(1).optional(),
  locationId: z.string().min(1).optional(),
  agentId: z.string().min(1).optional(),
});
export const BreakdownQuery = AnalyticsQuery.extend({
  by: z.enum(["all", "day", "week", "agent", "inbox", "location", "region", "tag"]).default("day"),
  /** Only the conversations whose contact had this tag (at each event); not with agentId. */
  tag: Tag.optional(),
}).refine((q) => !(q.tag && q.agentId), { message: "give a tag or an agent, not both", path: ["tag"] });

const Duration = z.object({ median: z.number().nullable(), p90: z.number().nullable(), count: z.number() });
/** One table row: counts, the opt-out rate, and each duration in calendar and business-hours seconds. */
export const MetricRow = z.object({
  key: z.string(),
  label: z.string(),
  counts: z.record(z.enum(countMetrics), z.number()),
  optOutRate: z.number().nullable(),
  durations: z.record(z.enum(durationMetrics), z.object({ calendar: Duration, business: Duration })),
});
export type MetricRow = z.infer<typeof MetricRow>;
export const BreakdownResponse = z.object({ from: day, to: day, by: z.string(), rows: z.array(MetricRow) });
export type BreakdownResponse = z.infer<typeof BreakdownResponse>;

export const RollupRow = MetricRow.extend({
  region: z.string().nullable(),
  waitingNow: z.number(),
  overTargetNow: z.number(),
  /** Why the row is highlighted: SLA breaches, an opt-out spike, a failed-delivery spike. */
  attention: z.array(z.string()),
  /** One value a day, oldest first: inbound texts, median first response (s), breaches. */
  trend: z.object({ inbound: z.array(z.number()), firstResponseMedian: z.array(z.number().nullable()), breaches: z.array(z.number()) }),
});
export type RollupRow = z.infer<typeof RollupRow>;
export const RollupResponse = z.object({ from: day, to: day, rows: z.array(RollupRow) });
export type RollupResponse = z.infer<typeof RollupResponse>;

export const SlaTarget = z.strictObject({
  firstResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 7)
    .nullable(),
  replyMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 7)
    .nullable(),
  businessHours: z.boolean().default(false),
});
export type SlaTarget = z.infer<typeof SlaTarget>;
export const SlaTargetResponse = z.object({ target: SlaTarget.nullable() });

/** A conversation waiting for a person's answer, with its SLA due time (null without a target). */
export const SlaWait = z.object({ conversationId: z.string(), inboxId: z.string(), waitingSince: isoTime, dueAt: isoTime.nullable() });
export type SlaWait = z.infer<typeof SlaWait>;
/**
 * `asOf`: the time up to which the waits are known. They are the analytics consumer's state, read from the feed
 * after commit: a text newer than `asOf` is not in them yet (ask again shortly), not "nobody waits".
 */
export const SlaWaitsResponse = z.object({ waits: z.array(SlaWait), asOf: isoTime });
export type SlaWaitsResponse = z.infer<typeof SlaWaitsResponse>;

/** The feed event of a breach (`sla.breached`), also delivered as the `sla.breached` webhook. */
export const SlaBreach = z.object({
  id: z.string(),
  conversationId: z.string(),
  inboxId: z.string(),
  contactId: z.string(),
  kind: z.enum(["firstResponse", "reply"]),
  waitingSince: isoTime,
  dueAt: isoTime,
  targetMinutes: z.number(),
  businessHours: z.boolean(),
});
export type SlaBreach = z.infer<typeof SlaBreach>;
