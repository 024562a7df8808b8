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
import { fireIn } from "./actions";
import { claimRun } from "./automations.repository";
import { ruleSetOf } from "./rule-set";
import { DUE_BATCH, runDueJobs } from "./due-jobs";
import { failedConditions } from "./conditions";
import { movedByLaterText } from "./restarts";
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

/** Runs the timers due at `at`, a batch in one transaction (./due-jobs.ts); returns how many it took. */
export async function runDueTimers(ctx: ServerContext, instance: string, at: Date): Promise<number> {
  const { db } = ctx.database;
  const by = `${instance}:${randomText(9, "base64url")}`;
  const timers = await claimDueTimers(db, by, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString(), DUE_BATCH);
  if (timers.length === 0) return 0;
  const rules = (await ruleSetOf(ctx)).byId;
  await runDueJobs(
    ctx,
    timers,
    async (tx, timer) => {
      const key = `timer:${timer.id}`;
      const skip = async (detail: string[]) => {
        if (await finishTimer(tx.db, timer.id, by))
          await claimRun(tx.db, { ruleId: timer.ruleId, triggerKey: key, conversationId: timer.conversationId, outcome: "skipped", detail }, at.toISOString());
        return null;
      };
      const rule = rules.get(timer.ruleId);
      if (!rule?.enabled) {
        await finishTimer(tx.db, timer.id, by);
        return null;
      }
      if (timer.attempts > MAX_ATTEMPTS) return skip([`failed: gave up after ${MAX_ATTEMPTS} attempts`]);
      if (await movedByLaterText(tx.db, rule, timer, by, at)) return null; // a later text restarted it: due later (./restarts.ts)
      const conversation = await findConversationById(tx.db, timer.conversationId);
      const gone = conversation ? noLongerTrue(rule, conversation) : "the conversation is gone";
      const failed = gone ? [gone] : await failedConditions(tx.db, rule, conversation as Conversation, null, at);
      if (failed.length > 0) return skip(failed);
      return (await fireIn(tx, rule, timer.conversationId, key, at, { claim: (t) => finishTimer(t.db, timer.id, by) })) ? rule : null;
    },
    "timer",
  );
  return timers.length;
}
