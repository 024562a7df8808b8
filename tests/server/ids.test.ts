// Ids come from a pooled CSPRNG buffer: every id stays unique and of the same shape across pool refills.
import { describe, expect, it } from "vitest";
import { newId, randomText } from "../../server/ids";

describe("ids", () => {
  it("are a prefix and 16 url-safe characters, unique across many pool refills", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("msg")); // 240 KB of randomness: ~60 refills
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("give random text of the asked length in hex", () => {
    const texts = Array.from({ length: 1000 }, () => randomText(16, "hex"));
    for (const t of texts) expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(texts).size).toBe(texts.length);
    // Not stuck on one byte value: all 16 hex digits show up.
    expect(new Set(texts.join("")).size).toBe(16);
  });
});
