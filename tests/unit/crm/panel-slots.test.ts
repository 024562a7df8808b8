// Which records' panels the framed panel keeps rendered (src/crm/panel-slots.ts): a record shown lately keeps
// its slot (so its panel is shown again, not rendered anew), the empty panel is taken over, the oldest goes.
import { describe, expect, it } from "vitest";
import { keptPanels, type KeptPanels } from "~src/crm/panel-slots";

type Snap = { url: string | null; n: number };
const same = (a: Snap, b: Snap) => a.url === b.url && a.n === b.n;
const show = (kept: KeptPanels<Snap>, url: string | null, n = 0) => kept.show(url, { url, n }, same);
const keys = (kept: KeptPanels<Snap>) => kept.slots.map((s) => s.key);

describe("kept panels", () => {
  it("takes over the empty panel for the first record", () => {
    const connecting = show(keptPanels<Snap>(3), null);
    const maria = show(connecting, "maria");
    expect(keys(maria)).toEqual(["maria"]);
    expect(maria.current).toBe(0);
  });

  it("shows a record shown lately in the slot it had, with the value it rendered", () => {
    const a = show(show(keptPanels<Snap>(3), "maria"), "james");
    const first = a.slots[0].value;
    const back = show(a, "maria"); // an equal snapshot (another object): the slot keeps what it rendered
    expect(keys(back)).toEqual(["maria", "james"]);
    expect(back.current).toBe(0);
    expect(back.slots[0].value).toBe(first);
    expect(show(back, "maria")).toBe(back); // nothing changed: the same object, no render
    const changed = show(back, "maria", 1);
    expect(changed.slots[0].value.n).toBe(1);
  });

  it("gives a new record the slot shown longest ago once all are taken", () => {
    let kept = keptPanels<Snap>(3);
    for (const url of ["maria", "james", "priya", "maria", "daniel"]) kept = show(kept, url);
    // james was shown longest ago (maria came back after him)
    expect(keys(kept)).toEqual(["maria", "daniel", "priya"]);
    expect(kept.current).toBe(1);
  });

  it("keeps the records' panels when a page shows no record", () => {
    const kept = show(show(show(keptPanels<Snap>(3), "maria"), "james"), null);
    expect(keys(kept)).toEqual(["maria", "james", null]);
    expect(keys(show(kept, "maria"))).toEqual(["maria", "james", null]);
  });
});
