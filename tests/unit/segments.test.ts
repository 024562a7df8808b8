import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/core/segments";

const gsm = (n: number) => "a".repeat(n);
const ucs = (n: number) => "ж".repeat(n);

describe("countSegments", () => {
  it.each([
    ["empty body", "", "GSM-7", 0, 0],
    ["one GSM-7 character", "a", "GSM-7", 1, 1],
    ["160 GSM-7 characters fit one part", gsm(160), "GSM-7", 160, 1],
    ["161 GSM-7 characters need two parts of 153", gsm(161), "GSM-7", 161, 2],
    ["306 GSM-7 characters fill two parts", gsm(306), "GSM-7", 306, 2],
    ["307 GSM-7 characters need three parts", gsm(307), "GSM-7", 307, 3],
    ["accented letters in the GSM alphabet stay GSM-7", "Café à Zürich", "GSM-7", 13, 1],
    ["newlines and @£$ are GSM-7", "@£$\n¥", "GSM-7", 5, 1],
    ["the euro sign counts two septets", "€", "GSM-7", 2, 1],
    ["80 extension characters fill 160 septets", "{".repeat(80), "GSM-7", 160, 1],
    ["81 extension characters spill into a second part", "[".repeat(81), "GSM-7", 162, 2],
    ["70 Cyrillic characters fit one UCS-2 part", ucs(70), "UCS-2", 70, 1],
    ["71 Cyrillic characters need two parts of 67", ucs(71), "UCS-2", 71, 2],
    ["134 UCS-2 characters fill two parts", ucs(134), "UCS-2", 134, 2],
    ["one emoji is two UTF-16 code units", "👍", "UCS-2", 2, 1],
    ["35 emoji are 70 code units: one part", "😀".repeat(35), "UCS-2", 70, 1],
    ["36 emoji are 72 code units: two parts", "😀".repeat(36), "UCS-2", 72, 2],
    ["a curly quote forces UCS-2", "It’s here", "UCS-2", 9, 1],
    ["ç (lowercase) is not GSM-7", "garçon", "UCS-2", 6, 1],
  ])("%s", (_name, text, encoding, units, segments) => {
    const count = countSegments(text);
    expect(count.encoding).toBe(encoding);
    expect(count.units).toBe(units);
    expect(count.segments).toBe(segments);
  });

  it("never splits an escape pair across parts", () => {
    // 152 plain septets then "€": 154 septets, but the pair would straddle the 153 boundary of part one.
    const count = countSegments(`${gsm(152)}€${gsm(10)}`);
    expect(count.units).toBe(164);
    expect(count.segments).toBe(2);
    expect(count.remaining).toBe(153 - 12);
  });

  it("never splits an emoji across UCS-2 parts", () => {
    // 66 units then an emoji: the emoji moves whole to part two.
    const count = countSegments(`${"ж".repeat(66)}😀${"ж".repeat(66)}`);
    expect(count.segments).toBe(3);
  });

  it("counts characters as the rep sees them and names what forced UCS-2", () => {
    const count = countSegments("Hi 👋 ok 👋");
    expect(count.characters).toBe(9);
    expect(count.nonGsm).toEqual(["👋"]);
  });

  it("reports what is left in the current part", () => {
    expect(countSegments(gsm(100)).remaining).toBe(60);
    expect(countSegments(gsm(170)).remaining).toBe(153 - 17);
  });
});
