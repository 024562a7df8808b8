import { describe, expect, it } from "vitest";
import { keepReadsIn, keptRead } from "../../server/automations/stretch-reads";

describe("an engine stretch's kept reads", () => {
  it("reads once per key in a transaction that keeps reads, and every time elsewhere", async () => {
    let reads = 0;
    const read = async () => ++reads;
    const stretch = {};
    keepReadsIn(stretch);
    expect([await keptRead(stretch, "hours in_1", read), await keptRead(stretch, "hours in_1", read)]).toEqual([1, 1]);
    expect(await keptRead(stretch, "hours in_2", read)).toBe(2);
    const other = {};
    expect([await keptRead(other, "hours in_1", read), await keptRead(other, "hours in_1", read)]).toEqual([3, 4]);
  });
});
