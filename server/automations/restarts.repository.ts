// The SQL of restart marks (./restarts.ts): the latest restarting text per conversation and kind of wait, and the
// move of a due timer that a later text restarted.
import type { Executor } from "../db/executor";
import { automationDb } from "./automations.schema";
import type { RestartKind } from "./restarts";

/** The conversation's latest text that restarted its waits of `kind`, if any did. */
export async function restartMarkOf(db: Executor, conversationId: string, kind: RestartKind) {
  return automationDb(db)
    .selectFrom("automationRestart")
    .select(["position", "at"])
    .where("conversationId", "=", conversationId)
    .where("kind", "=", kind)
    .executeTakeFirst();
}

/** Moves a timer this instance holds to `dueAt`, started at `position`, and gives it back (its lease ends). */
export async function moveClaimedTimer(db: Executor, timerId: string, by: string, move: { dueAt: string; position: number }) {
  await automationDb(db)
    .updateTable("automationTimer")
    .set((eb) => ({
      dueAt: move.dueAt,
      startPosition: move.position,
      restarts: eb("restarts", "+", 1),
      claimedBy: null,
      claimedUntil: null,
      attempts: 0,
    }))
    .where("id", "=", timerId)
    .where("claimedBy", "=", by)
    .where("status", "=", "pending")
    .execute();
}
