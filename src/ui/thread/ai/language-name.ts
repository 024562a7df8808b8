// "es" → "Spanish", in the rep's browser language.
const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([navigator.language || "en"], { type: "language" }) : null;

export const languageName = (code: string) => {
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
};
