// Every number goes through toE164; its memo must never answer for another country or another spelling.
import { describe, expect, it } from "vitest";
import { formatPhone, toE164 } from "../../src/core/phone";

describe("toE164", () => {
  it("reads one number the same in any format", () => {
    for (const raw of ["(212) 555-0199", "212.555.0199", "+1 212 555 0199", " 2125550199 "]) expect(toE164(raw)).toBe("+12125550199");
  });

  it("reads a number in the country it was written for, even when the same text was read before", () => {
    expect(toE164("020 7946 0958", "GB")).toBe("+442079460958");
    expect(toE164("020 7946 0958", "US")).toBeNull();
    expect(toE164("020 7946 0958", "gb")).toBe("+442079460958");
    expect(toE164("020 7946 0958", "GB")).toBe("+442079460958");
  });

  it("rejects what is not a phone number, every time", () => {
    for (let i = 0; i < 2; i++) {
      expect(toE164("12")).toBeNull();
      expect(toE164("not a number")).toBeNull();
    }
  });

  it("stays right after more distinct numbers than it remembers", () => {
    for (let n = 0; n < 12_000; n++) toE164(`+1 415 55${String(n).padStart(5, "0")}`);
    expect(toE164("+1 415 5500042")).toBe("+14155500042");
    expect(toE164("(212) 555-0199")).toBe("+12125550199");
  });
});

describe("formatPhone", () => {
  it("writes home numbers nationally and foreign ones internationally", () => {
    expect(formatPhone("+12125550199")).toBe("(212) 555-0199");
    expect(formatPhone("+442079460958")).toBe("+44 20 7946 0958");
  });
});
