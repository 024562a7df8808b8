// Dry run: the last 30 days of the workspace's feed replayed against a draft rule, nothing written. For each
// event the draft's trigger matches, its conditions are checked — business hours at the event's own time, the
// rest against the conversation as it is now (the feed keeps no past state of assignee or status) — and the
// answer says how often it would have acted, why it would not have, and the latest examples.
import { type DryRun, type RuleBody, timerTriggers } from "../../src/protocol/automations";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { findConversationById } from "../conversations/conversations.repository";
import { feedHead } from "../push/push-jobs.repository";
import { feedEventsBetween } from "./automations.repository";
import { failedConditions } from "./conditions";
import { automationClock } from "./engine";
import { triggerOf } from "./triggers";
import { AUTOMATION } from "./actions";

const DAYS = 30;
const PAGE = 1000;
const EXAMPLES = 50;

export async function dryRun(ctx: ServerContext, user: AuthedUser, body: RuleBody): Promise<DryRun> {
  requireAdmin(user);
  if ((timerTriggers as readonly string[]).includes(body.trigger.type) || (body.trigger.type === "event" && body.trigger.at)) {
    const message = "A dry run replays the feed's events; timer triggers (no reply after N minutes, a time in an event) are not replayed";
    throw new AppError("validation_failed", message, [{ path: "/trigger", message }]);
  }
  const { db } = ctx.database;
  const to = automationClock.now();
  const from = new Date(to.getTime() - DAYS * 24 * 3_600_000);
  const rule = { id: "dry-run", ...body, createdAt: to.toISOString(), updatedAt: to.toISOString() };
  const head = await feedHead(db);
  const skipped = new Map<string, number>();
  const examples: DryRun["examples"] = [];
  let eventsRead = 0;
  let triggered = 0;
  let wouldAct = 0;
  for (let after = 0; after < head; ) {
    const rows = await feedEventsBetween(db, after, head, PAGE);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].position;
    for (const { event } of rows) {
      const at = new Date(event.createdAt);
      if (at < from || at > to || event.actorId === AUTOMATION) continue;
      eventsRead++;
      const trigger = await triggerOf(ctx, rule, event);
      if (!trigger) continue;
      triggered++;
      const conversation = await findConversationById(db, trigger.conversationId);
      const failed = conversation ? await failedConditions(db, rule, conversation, trigger.body, at) : ["the conversation is gone"];
      if (failed.length === 0) wouldAct++;
      for (const reason of failed) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      examples.unshift({ at: event.createdAt, conversationId: trigger.conversationId, outcome: failed.length ? "skipped" : "would act", detail: failed });
      if (examples.length > EXAMPLES) examples.pop();
    }
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    eventsRead,
    triggered,
    wouldAct,
    skipped: [...skipped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    examples,
  };
}
