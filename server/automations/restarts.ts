// Lazy restarts of "no reply" waits (migration 400). A customer's next text restarts every "no agent reply" wait of
// its conversation (a teammate's next text every "no customer reply" one): the wait is due its minutes after the
// latest such text. Moving each timer on every text cost a row update per rule per text; on SQLite the engine
// batch writes one row per conversation and side instead (the latest restarting text: position and time), and a
// timer keeps its first start until it is due. Then it reads that row: if a later text restarted it, it moves to
// that text's due time (a conditional update, as the eager move was) instead of firing. Cancels stay eager, so a
// pending timer is one no cancel has reached; and the feed is read in order, so a restart position above the
// timer's start means no cancel came in between. PostgreSQL keeps moving timers in place (./engine-batch.ts): its
// writes are not one serial transaction, and a timer fired between the batch's read and its write must start a
// new wait, which the eager move's conditional update sees.
import type { Rule } from "../../src/protocol/automations";
import type { Executor } from "../db/executor";
import { moveClaimedTimer, restartMarkOf } from "./restarts.repository";

export type RestartKind = "noAgentReply" | "noCustomerReply";

/** A restart mark: the latest text at `position` (time `at`) restarted the conversation's waits of `kind`. */
export interface RestartMark {
  conversationId: string;
  kind: RestartKind;
  position: number;
  at: string;
}

const restartable = (trigger: Rule["trigger"]): (Rule["trigger"] & { type: RestartKind; minutes: number }) | null =>
  trigger.type === "noAgentReply" || trigger.type === "noCustomerReply" ? trigger : null;

/** The latest mark per conversation and kind: a stretch may restart one conversation's waits several times. */
export function latestMarks(marks: RestartMark[]): RestartMark[] {
  const latest = new Map<string, RestartMark>();
  for (const m of marks) {
    const key = `${m.conversationId} ${m.kind}`;
    if ((latest.get(key)?.position ?? -1) < m.position) latest.set(key, m);
  }
  return [...latest.values()];
}

/**
 * A due timer of `rule` that a later text restarted is moved to that text's due time (and given back: its lease
 * ends); true when it was, so it does not fire now. False when nothing restarted it, or the restart is due too.
 */
export async function movedByLaterText(
  db: Executor,
  rule: Rule,
  timer: { id: string; conversationId: string; startPosition: number | string },
  by: string,
  now: Date,
): Promise<boolean> {
  const trigger = restartable(rule.trigger);
  if (!trigger) return false;
  const mark = await restartMarkOf(db, timer.conversationId, trigger.type);
  if (!mark || Number(mark.position) <= Number(timer.startPosition)) return false;
  const due = Date.parse(mark.at) + trigger.minutes * 60_000;
  if (due <= now.getTime()) return false;
  await moveClaimedTimer(db, timer.id, by, { dueAt: new Date(due).toISOString(), position: Number(mark.position) });
  return true;
}
