// Language detection of inbound texts (server/ai/language.ts, eld with its bundled data, offline): a table of
// SMS-length texts in 10 languages, the accuracy printed; too-short replies are left unknown, not guessed.
import { beforeAll, expect, it } from "vitest";
import { detectLanguage, loadLanguageDetection } from "../../server/ai/language";
import { smsTexts, tooShort } from "./ai-language-texts";

beforeAll(loadLanguageDetection);

it("detects the language of SMS-length texts in 10 languages (at least 90 % right overall, at most one miss per language)", () => {
  let right = 0;
  let total = 0;
  const misses: string[] = [];
  for (const [language, texts] of Object.entries(smsTexts)) {
    let rightHere = 0;
    for (const text of texts) {
      const found = detectLanguage(text);
      total++;
      if (found === language) {
        right++;
        rightHere++;
      } else misses.push(`${language}: "${text}" → ${found}`);
    }
    expect(rightHere, `${language}: ${misses.join("; ")}`).toBeGreaterThanOrEqual(texts.length - 1);
  }
  console.log(`language detection: ${right}/${total} right (${((right / total) * 100).toFixed(1)} %)${misses.length ? `; missed: ${misses.join("; ")}` : ""}`);
  expect(right / total).toBeGreaterThanOrEqual(0.9);
});

it.each(tooShort)("leaves %j unknown: too short to tell", (text) => {
  expect(detectLanguage(text)).toBeNull();
});

it("looks past links, numbers and {{variables}}: they say nothing about the language", () => {
  expect(detectLanguage("https://example.com/booking/12345 {{contact.firstName}} 555-0134")).toBeNull();
  expect(detectLanguage("Hola, mi pedido 12345 no llegó: https://tienda.example/pedido/12345")).toBe("es");
});
