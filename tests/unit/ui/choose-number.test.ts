import { describe, expect, it } from "vitest";
import type { CrmPhone } from "../../../src/protocol/record";
import { choosePhone, preferredPhone } from "../../../src/ui/panel/choose-number";

const phone = (e164: string, label: CrmPhone["label"]): CrmPhone => ({ raw: e164, e164, label, extension: null });
const work = phone("+14155550199", "work");
const mobile = phone("+14155550123", "mobile");
const home = phone("+14155550188", "home");

describe("which number the panel opens on", () => {
  it.each([
    {
      name: "the number with the most recent conversation, even when another is mobile",
      phones: [work, mobile, home],
      recent: { [work.e164]: "2026-11-27T10:00:00Z", [mobile.e164]: "2026-11-20T10:00:00Z" },
      want: work.e164,
      reason: "recent",
    },
    {
      name: "the most recent of several with conversations",
      phones: [work, mobile, home],
      recent: { [home.e164]: "2026-11-27T11:00:00Z", [work.e164]: "2026-11-27T10:00:00Z" },
      want: home.e164,
      reason: "recent",
    },
    { name: "mobile when no number has a conversation", phones: [work, mobile], recent: {}, want: mobile.e164, reason: "mobile" },
    {
      name: "mobile when the conversations are of numbers not on the record",
      phones: [work, mobile],
      recent: { "+19175550100": "2026-11-27T10:00:00Z" },
      want: mobile.e164,
      reason: "mobile",
    },
    { name: "the first when none is mobile and none has a conversation", phones: [home, work], recent: {}, want: home.e164, reason: "first" },
  ])("$name", ({ phones, recent, want, reason }) => {
    expect(choosePhone(phones, recent)).toEqual({ e164: want, reason });
    expect(preferredPhone(phones, recent)).toBe(want);
  });

  it("no number on a record without phones", () => {
    expect(choosePhone([], {})).toBeNull();
  });
});
