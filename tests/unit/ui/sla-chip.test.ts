// The SLA chip's words: how long the customer waits, the time left to the target, or how long ago it passed.
import { expect, it } from "vitest";
import { slaChipText } from "../../../src/ui/common/SlaChip";

const now = Date.parse("2026-05-04T15:00:00Z");
const ago = (min: number) => new Date(now - min * 60_000).toISOString();

it.each([
  [ago(14), ago(-6), "waiting 14 min · SLA in 6 min", "ok"],
  [ago(12), ago(-3), "waiting 12 min · SLA in 3 min", "soon"],
  [ago(40), ago(10), "waiting 40 min · SLA passed 10 min ago", "late"],
  [ago(125), null, "waiting 2 h 5 min", "ok"],
  [ago(60 * 50), ago(60 * 49), "waiting 2 d · SLA passed 2 d ago", "late"],
])("waiting since %s, due %s: %s", (since, due, text, state) => {
  expect(slaChipText(since, due, now)).toEqual({ text, state });
});
