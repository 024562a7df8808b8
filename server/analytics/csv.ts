// Tables as CSV (RFC 4180): one column per published number. A cell a spreadsheet would run as a formula
// (starting =, +, -, @) gets a leading apostrophe: names come from users and customers.
import { countMetrics, durationMetrics, type MetricRow } from "../../src/protocol/analytics";

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const durationColumns = durationMetrics.flatMap((m) =>
  (["calendar", "business"] as const).flatMap((c) => [`${m}_${c}_median_s`, `${m}_${c}_p90_s`, `${m}_${c}_count`].map((name) => ({ name, m, c }))),
);

export function metricsCsv<R extends MetricRow>(rows: R[], extra: Array<{ name: string; value: (r: R) => unknown }> = []): string {
  const header = ["key", "label", ...extra.map((e) => e.name), ...countMetrics, "optOutRate_pct", ...durationColumns.map((d) => d.name)];
  const lines = rows.map((r) => {
    const durations = durationColumns.map(({ name, m, c }) => {
      const d = r.durations[m][c];
      return name.endsWith("median_s") ? d.median : name.endsWith("p90_s") ? d.p90 : d.count;
    });
    return [r.key, r.label, ...extra.map((e) => e.value(r)), ...countMetrics.map((m) => r.counts[m]), r.optOutRate, ...durations].map(cell).join(",");
  });
  return `${[header.map(cell).join(","), ...lines].join("\r\n")}\r\n`;
}
