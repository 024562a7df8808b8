// The SMS guard's rules on their own (server/ai/sms-guard.ts): what must come back verbatim, what the model's
// punctuation becomes, and which characters would force UCS-2.
import { describe, expect, it } from "vitest";
import { missingParts, newNonGsm, preferGsm, protectedParts } from "../../server/ai/sms-guard";

describe("protected parts", () => {
  const draft = "Hi {{contact.firstName}}, pay at https://pay.example.com/i/42. Questions? Call (415) 555-0134. Reply STOP to opt out.";
  it("finds variables, links (without the sentence's full stop), phone numbers as written, and the opt-out sentence", () => {
    expect(protectedParts(draft, "US")).toEqual([
      { kind: "variable", text: "{{contact.firstName}}" },
      { kind: "link", text: "https://pay.example.com/i/42" },
      { kind: "phone number", text: "(415) 555-0134" },
      { kind: "opt-out wording", text: "Reply STOP to opt out." },
    ]);
  });
  it("takes the workspace's own opt-out wording when the draft uses it", () => {
    expect(protectedParts("New menu! Text END to stop these texts", "US", "Text END to stop these texts").at(-1)).toEqual({
      kind: "opt-out wording",
      text: "Text END to stop these texts",
    });
  });
  it("counts repeats: an answer that keeps one of two {{variables}} lacks the other", () => {
    const kept = protectedParts("{{a}} and {{a}}", "US");
    expect(missingParts("{{a}} and you", kept)).toEqual([{ kind: "variable", text: "{{a}}" }]);
    expect(missingParts("{{a}}, {{a}}", kept)).toEqual([]);
  });
  it("a lower-case 'stop' in a sentence is not opt-out wording", () => {
    expect(protectedParts("We stop serving at 9", "US")).toEqual([]);
  });
});

describe("GSM-7 preference", () => {
  it("straightens what the draft did not use, and keeps what it did", () => {
    expect(preferGsm("It\u2019s \u201Cdone\u201D \u2013 ok\u2026", "its done, ok")).toEqual({
      text: 'It\'s "done" - ok...',
      normalised: ["curly apostrophes → '", 'curly quotes → "', "dashes → -", "… → ..."],
    });
    expect(preferGsm("It\u2019s done \u2013 ok", "It\u2019s done").text).toBe("It\u2019s done - ok");
  });
  it("names characters that would turn a GSM-7 text into UCS-2", () => {
    expect(newNonGsm("Thanks \u{1F60A} café", "thanks")).toEqual(["\u{1F60A}"]);
    expect(newNonGsm("Gracias, ¿mañana?", "gracias")).toEqual([]);
  });
});
