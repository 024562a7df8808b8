// Which language a customer wrote in, offline: eld (the Efficient Language Detector) ships its n-gram data in
// the package, so nothing leaves the server. The "medium" database: as accurate as "large" on texts this short
// in tests/unit/ai-language.test.ts, and it loads in a fraction of the time.

let eld: typeof import("eld/medium").eld | undefined;

/**
 * Loads eld's n-gram tables (0.5–1 s of CPU) when the first text needs them rather than whenever a server, a CLI
 * command or a test starts. Await it once before detectLanguage; later calls cost nothing.
 */
export async function loadLanguageDetection(): Promise<void> {
  eld ??= (await import("eld/medium")).eld;
}

/**
 * Shorter than this (letters, not counting links, numbers or {{variables}}) and a guess is a coin toss: "ok",
 * "Sí", "Thanks!" are left undetected rather than mislabelled (accuracy by length: BENCHMARKS.md, AI section).
 */
const MIN_LETTERS = 12;

const NOT_WORDS = /https?:\/\/\S+|www\.\S+|\{\{[^}]*\}\}|[\p{N}\p{P}\p{S}]+/gu;
/** A Chinese, Japanese or Korean character says about as much as a short word. */
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const IDEOGRAPH_WEIGHT = 3;

const letterCount = (words: string) => {
  const compact = words.replace(/\s+/g, "");
  const ideographs = compact.match(IDEOGRAPHIC)?.length ?? 0;
  return compact.length + ideographs * (IDEOGRAPH_WEIGHT - 1);
};

/** The text's language as an ISO 639-1 code, or null when too short or unclear. Needs loadLanguageDetection(). */
export function detectLanguage(text: string): string | null {
  const words = text.replace(NOT_WORDS, " ");
  if (letterCount(words) < MIN_LETTERS) return null;
  if (!eld) throw new Error("detectLanguage called before loadLanguageDetection() finished");
  const result = eld.detect(words);
  return result.language && result.isReliable() ? result.language : null;
}

const names = new Intl.DisplayNames(["en"], { type: "language" });

/** "es" → "Spanish" (the model is told the language by name: codes are ambiguous to some models). */
export const languageName = (code: string) => names.of(code) ?? code;
