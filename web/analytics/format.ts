// Numbers as people read them: durations in s / min / h / d, rates with one decimal.
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) {
    const h = Math.floor(seconds / 3600);
    const m = Math.round((seconds % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export const percent = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)} %`);
export const count = (n: number) => n.toLocaleString("en-US");
