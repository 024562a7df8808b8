// Due timers (started by the feed: ./timers-feed.ts). A due timer is leased by one instance for LEASE_MS
// (a conditional update; SKIP LOCKED on PostgreSQL), and marked done in the same transaction as its rule's
// run-log line and actions: a crash (or a throw) anywhere before that commit leaves it pending, and once the
// lease has expired another pass takes it again. Exactly once: the done mark is conditional on the lease
// still being ours, and the run log's unique (rule, `timer:<id>`) key refuses a second firing.
import type { Rule } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { randomText } from "../ids";
import { findConversationById } from "../conversations/conversations.repository";
import { fireRule } from "./actions";
import { claimRun, findRule } from "./automations.repository";
import { failedConditions } from "./conditions";
import { claimDueTimers, finishTimer } from "./timers.repository";

/** How long a claimed timer is ours: after a crash, it runs again this long after it was taken. */
const LEASE_MS = 60_000;
/** A timer whose run fails (throws) this many times is given up, with the error in the run log. */
const MAX_ATTEMPTS = 5;

/** What the timer waited for no longer holds, though nothing cancelled it (a rule's own change cancels nothing). */
function noLongerTrue(rule: Rule, c: Conversation): string | null {
  const t = rule.trigger;
  if (t.type === "inStatus" && c.status !== t.status) return `skipped: the conversation is ${c.status} now`;
  if (t.type === "unassigned" && c.assigneeId !== null) return "skipped: the conversation was assigned meanwhile";
  if (t.type === "unassigned" && c.status === "resolved") return "skipped: the conversation was resolved";
  return null;
}

/** Runs the timers due at `at`; returns how many it took. */
export async function runDueTimers(ctx: ServerContext, instance: string, at: Date): Promise<number> {
  const { db } = ctx.database;
  const by = `${instance}:${randomText(9, "base64url")}`;
  const timers = await claimDueTimers(db, by, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString(), 50);
  for (const timer of timers) {
    const key = `timer:${timer.id}`;
    const skip = (detail: string[]) =>
      db.transaction().execute(async (trx) => {
        if (await finishTimer(trx, timer.id, by))
          await claimRun(trx, { ruleId: timer.ruleId, triggerKey: key, conversationId: timer.conversationId, outcome: "skipped", detail }, at.toISOString());
      });
    try {
      const rule = await findRule(db, timer.ruleId);
      if (!rule?.enabled) {
        await finishTimer(db, timer.id, by);
        continue;
      }
      if (timer.attempts > MAX_ATTEMPTS) {
        await skip([`failed: gave up after ${MAX_ATTEMPTS} attempts`]);
        continue;
      }
      const conversation = await findConversationById(db, timer.conversationId);
      const gone = conversation ? noLongerTrue(rule, conversation) : "the conversation is gone";
      const failed = gone ? [gone] : await failedConditions(db, rule, conversation as Conversation, null, at);
      if (failed.length > 0) await skip(failed);
      else await fireRule(ctx, rule, timer.conversationId, key, at, (tx) => finishTimer(tx.db, timer.id, by));
    } catch (err) {
      // Left pending: its lease expires and a later pass (any instance) runs it again.
      ctx.log.error({ err, timerId: timer.id }, "automation timer failed; it is retried when its lease expires");
    }
  }
  return timers.length;
}
