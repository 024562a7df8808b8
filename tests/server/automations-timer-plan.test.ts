// How a stretch's timer starts and cancels combine (server/automations/timer-plan.ts): a restart moves the waiting
// timer in place; a real cancel between two texts still stops it (with its line); a start already done is not redone.
import { expect, it } from "vitest";
import type { TimerCancel, TimerStart } from "../../server/automations/engine-batch";
import { planTimers, type StoredTimer } from "../../server/automations/timer-plan";

const NUDGE = "rule_nudge";
const text = (p: number, minute: number): [TimerStart, TimerCancel] => [
  { ruleId: NUDGE, triggerKey: String(p), conversationId: "c1", dueAt: `T+${minute + 10}` },
  { conversationIds: ["c1"], before: p, mayCancel: () => true, why: "the customer texted again" },
];
const agentReply = (p: number): TimerCancel => ({ conversationIds: ["c1"], before: p, mayCancel: () => true, why: "an agent replied" });
const plan = (starts: TimerStart[], cancels: TimerCancel[], stored: StoredTimer[] = []) => {
  let n = 0;
  return planTimers(starts, cancels, stored, () => `atim_${++n}`);
};
const waiting: StoredTimer = { id: "atim_old", ruleId: NUDGE, conversationId: "c1", startPosition: 5, status: "pending" };

it("a customer's next text moves the waiting timer: no new timer, no cancel", () => {
  const [start, cancel] = text(10, 1);
  expect(plan([start], [cancel], [waiting])).toEqual({
    starts: [],
    moves: [{ id: "atim_old", ruleId: NUDGE, conversationId: "c1", from: 5, to: 10, triggerKey: "10", dueAt: "T+11", restarts: 1 }],
    cancels: [],
  });
});

it("three texts in one stretch with nothing waiting: one timer, restarted twice, due after the last", () => {
  const texts = [text(10, 1), text(11, 2), text(12, 3)];
  const p = plan(
    texts.map((t) => t[0]),
    texts.map((t) => t[1]),
  );
  expect(p.moves).toEqual([]);
  expect(p.cancels).toEqual([]);
  expect(p.starts).toEqual([{ id: "atim_1", ruleId: NUDGE, triggerKey: "10", conversationId: "c1", dueAt: "T+13", startPosition: 12, restarts: 2 }]);
});

it("an agent's reply between two texts cancels the first wait (logged) and the second text starts a new one", () => {
  const [s1, c1] = text(10, 1);
  const [s2, c2] = text(12, 3);
  const p = plan([s1, s2], [c1, agentReply(11), c2], [waiting]);
  // The old wait was moved by the first text, then cancelled by the reply: its cancel is the one line.
  expect(p.cancels.map((c) => [c.timer.id, c.why])).toEqual([["atim_old", "an agent replied"]]);
  expect(p.moves).toEqual([]);
  expect(p.starts).toEqual([{ id: "atim_1", ruleId: NUDGE, triggerKey: "12", conversationId: "c1", dueAt: "T+13", startPosition: 12, restarts: 0 }]);
});

it("a stretch read again starts nothing that a later start already covers (the feed is read in order)", () => {
  const [start, cancel] = text(10, 1);
  // Another reader already moved the timer to position 12, and it fired since.
  const later: StoredTimer = { ...waiting, startPosition: 12, status: "done" };
  expect(plan([start], [cancel], [later])).toEqual({ starts: [], moves: [], cancels: [] });
  // A timer started at this very position (a reread of the same stretch): nothing either.
  expect(plan([start], [cancel], [{ ...waiting, startPosition: 10 }])).toEqual({ starts: [], moves: [], cancels: [] });
});

it("a start whose event cancels nothing of its rule is a timer of its own; cancels still apply to timers started before them", () => {
  const inStatus: TimerStart = { ruleId: "rule_open", triggerKey: "10", conversationId: "c1", dueAt: "T+60" };
  const statusChanged: TimerCancel = { conversationIds: ["c1"], before: 10, mayCancel: (r) => r !== "rule_open", why: "the status changed to open" };
  const p = plan([inStatus], [statusChanged], [waiting]);
  expect(p.starts.map((s) => [s.ruleId, s.startPosition])).toEqual([["rule_open", 10]]);
  expect(p.cancels.map((c) => [c.timer.id, c.why])).toEqual([["atim_old", "the status changed to open"]]);
});
