// One location's drill-down: the period's numbers, 90 days of charts (volume, first response, reply time,
// problems) and the agents' table, each exportable as CSV.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import type { MetricRow } from "~src/protocol/analytics";
import { type AnalyticsApi, lastDays } from "./analytics-api";
import { Chart } from "./Chart";
import { type Clock, MetricCards } from "./MetricCards";
import { Toolbar } from "./Toolbar";
import { count, duration } from "./format";

const minutes = (v: number) => duration(v);
/** Axis ticks: 45m, 2.5h. */
const shortDuration = (v: number) => (v < 3600 ? `${Math.round(v / 60)}m` : `${(v / 3600).toFixed(1)}h`);
const plain = (v: number) => count(Math.round(v));

function charts(rows: MetricRow[], clock: Clock) {
  const days = rows.map((r) => r.key);
  const d = (m: "firstResponse" | "reply", q: "median" | "p90") => rows.map((r) => r.durations[m][clock][q]);
  return { days, d };
}

export function LocationPage({ api, locationId }: { api: AnalyticsApi; locationId: string }) {
  const [days, setDays] = useState(30);
  const [clock, setClock] = useState<Clock>("calendar");
  const range = lastDays(days);
  const ninety = lastDays(90);
  const summary = useQuery({ queryKey: ["location", locationId, range], queryFn: () => api.breakdown({ by: "location", locationId, ...range }) });
  const daily = useQuery({ queryKey: ["daily", locationId, ninety], queryFn: () => api.breakdown({ by: "day", locationId, ...ninety }) });
  const agents = useQuery({ queryKey: ["agents", locationId, range], queryFn: () => api.breakdown({ by: "agent", locationId, ...range }) });
  const series = useMemo(() => (daily.data ? charts(daily.data.rows, clock) : null), [daily.data, clock]);
  const failed = summary.error ?? daily.error ?? agents.error;
  const name = summary.data?.rows[0]?.label ?? "Location";
  return (
    <>
      <header className="an-head">
        <a href="#/analytics" className="an-back">
          ← All locations
        </a>
        <h2 data-testid="location-title">{name}</h2>
        <Toolbar
          days={days}
          onDays={setDays}
          clock={clock}
          onClock={setClock}
          onCsv={() => void api.downloadCsv("breakdown", { by: "day", locationId, ...ninety })}
        />
      </header>
      {failed ? (
        <EmptyState title="This location's numbers could not be loaded" hint={`${failed.message} — go back to all locations and pick it again.`} />
      ) : !summary.data || !series || !agents.data ? (
        <Loading label="Counting…" />
      ) : (
        <>
          <MetricCards row={summary.data.rows[0]} clock={clock} />
          <div className="an-charts" data-testid="location-charts">
            <Chart
              title="Texts a day (90 days)"
              days={series.days}
              unit={plain}
              series={[
                { label: "Inbound", values: daily.data!.rows.map((r) => r.counts.inbound), color: "#2563eb" },
                { label: "Outbound", values: daily.data!.rows.map((r) => r.counts.outbound), color: "#16a34a" },
                { label: "Automated", values: daily.data!.rows.map((r) => r.counts.automated), color: "#a3a3a3" },
              ]}
            />
            <Chart
              title="First response"
              days={series.days}
              unit={minutes}
              tick={shortDuration}
              series={[
                { label: "Median", values: series.d("firstResponse", "median"), color: "#7c3aed" },
                { label: "p90", values: series.d("firstResponse", "p90"), color: "#f59e0b" },
              ]}
            />
            <Chart
              title="Reply time"
              days={series.days}
              unit={minutes}
              tick={shortDuration}
              series={[
                { label: "Median", values: series.d("reply", "median"), color: "#0891b2" },
                { label: "p90", values: series.d("reply", "p90"), color: "#f97316" },
              ]}
            />
            <Chart
              title="SLA breaches, failed texts, opt-outs"
              days={series.days}
              unit={plain}
              series={[
                { label: "Breaches", values: daily.data!.rows.map((r) => r.counts.breaches), color: "#dc2626" },
                { label: "Failed", values: daily.data!.rows.map((r) => r.counts.failed), color: "#9333ea" },
                { label: "Opt-outs", values: daily.data!.rows.map((r) => r.counts.optOuts), color: "#525252" },
              ]}
            />
          </div>
          <AgentTable rows={agents.data.rows} clock={clock} onCsv={() => void api.downloadCsv("breakdown", { by: "agent", locationId, ...range })} />
        </>
      )}
    </>
  );
}

function AgentTable({ rows, clock, onCsv }: { rows: MetricRow[]; clock: Clock; onCsv(): void }) {
  return (
    <section className="an-agents">
      <header className="an-head">
        <h3>By agent</h3>
        <button type="button" className="st-btn st-btn-small" onClick={onCsv}>
          Export CSV
        </button>
      </header>
      {rows.length === 0 ? (
        <EmptyState title="No texts in this period" hint="Pick a longer period above." />
      ) : (
        <table className="an-table" data-testid="agent-table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Texts sent</th>
              <th>First response</th>
              <th>Reply time (median / p90)</th>
              <th>Resolved</th>
              <th>Failed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.label}</td>
                <td>{count(r.counts.outbound + r.counts.automated)}</td>
                <td>{duration(r.durations.firstResponse[clock].median)}</td>
                <td>
                  {duration(r.durations.reply[clock].median)} / {duration(r.durations.reply[clock].p90)}
                </td>
                <td>{count(r.counts.resolved)}</td>
                <td>{count(r.counts.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
