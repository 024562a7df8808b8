// The franchisor roll-up (hook rollup-table): locations side by side with the same definitions, trends as
// sparklines, sortable by any column (click or Enter on its header), rows that need attention highlighted
// with the reasons, and each location a link to its drill-down.
import { useMemo, useState } from "react";
import { definitions, type RollupRow } from "~src/protocol/analytics";
import type { Clock } from "./MetricCards";
import { Sparkline } from "./Sparkline";
import { count, duration, percent } from "./format";

type Column = { key: string; label: string; title: string; value: (r: RollupRow) => number | string | null; show: (r: RollupRow) => React.ReactNode };

function columns(clock: Clock): Column[] {
  const t = (m: "firstResponse" | "reply", q: "median" | "p90") => (r: RollupRow) => r.durations[m][clock][q];
  return [
    { key: "label", label: "Location", title: "Location and region", value: (r) => r.label, show: (r) => <LocationCell row={r} /> },
    { key: "attention", label: "Needs attention", title: definitions.attention, value: (r) => r.attention.length, show: (r) => r.attention.join(" · ") || "—" },
    {
      key: "inbound",
      label: "Inbound",
      title: definitions.inbound,
      value: (r) => r.counts.inbound,
      show: (r) => (
        <>
          {count(r.counts.inbound)} <Sparkline values={r.trend.inbound} label={`Inbound texts a day at ${r.label}`} />
        </>
      ),
    },
    {
      key: "frt",
      label: "First response",
      title: definitions.firstResponse,
      value: t("firstResponse", "median"),
      show: (r) => (
        <>
          {duration(t("firstResponse", "median")(r))} <Sparkline values={r.trend.firstResponseMedian} label={`Median first response a day at ${r.label}`} />
        </>
      ),
    },
    {
      key: "frt90",
      label: "First response p90",
      title: definitions.percentiles,
      value: t("firstResponse", "p90"),
      show: (r) => duration(t("firstResponse", "p90")(r)),
    },
    { key: "reply", label: "Reply time", title: definitions.reply, value: t("reply", "median"), show: (r) => duration(t("reply", "median")(r)) },
    {
      key: "breaches",
      label: "SLA breaches",
      title: definitions.breaches,
      value: (r) => r.counts.breaches,
      show: (r) => (
        <>
          {count(r.counts.breaches)} <Sparkline values={r.trend.breaches} label={`SLA breaches a day at ${r.label}`} />
        </>
      ),
    },
    {
      key: "waiting",
      label: "Waiting now",
      title: "Conversations waiting for an answer now (past the SLA target)",
      value: (r) => r.waitingNow,
      show: (r) => `${r.waitingNow} (${r.overTargetNow} late)`,
    },
    { key: "failed", label: "Failed", title: definitions.failed, value: (r) => r.counts.failed, show: (r) => count(r.counts.failed) },
    { key: "optout", label: "Opt-out rate", title: definitions.optOutRate, value: (r) => r.optOutRate, show: (r) => percent(r.optOutRate) },
    { key: "resolved", label: "Resolved", title: definitions.resolved, value: (r) => r.counts.resolved, show: (r) => count(r.counts.resolved) },
  ];
}

function LocationCell({ row }: { row: RollupRow }) {
  return (
    <>
      <a href={`#/analytics/${encodeURIComponent(row.key)}`} className="an-location">
        {row.label}
      </a>
      {row.region && <span className="an-region">{row.region}</span>}
    </>
  );
}

export function RollupTable({ rows, clock }: { rows: RollupRow[]; clock: Clock }) {
  const cols = useMemo(() => columns(clock), [clock]);
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: "attention", dir: -1 });
  const sorted = useMemo(() => {
    const col = cols.find((c) => c.key === sort.key) ?? cols[0];
    return [...rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === y) return a.label.localeCompare(b.label);
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
  }, [rows, cols, sort]);
  return (
    <div className="an-table-wrap">
      <table className="an-table" data-testid="rollup-table">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"} title={c.title}>
                <button type="button" onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (-s.dir as 1 | -1) : c.key === "label" ? 1 : -1 }))}>
                  {c.label}
                  {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr
              key={r.key}
              data-location={r.key}
              className={r.attention.length ? "an-attention" : undefined}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest("a")) location.hash = `#/analytics/${encodeURIComponent(r.key)}`;
              }}
            >
              {cols.map((c) => (
                <td key={c.key}>{c.show(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
