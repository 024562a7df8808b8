// The roll-up page's "By tag" part: the period's numbers for each contact tag side by side, and a 90-day chart
// of the tag picked (texts in, first response), each exportable as CSV. A conversation counts under the tags its
// contact had at each text (the published definition is printed under the table).
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { definitions, type MetricRow } from "~src/protocol/analytics";
import { type AnalyticsApi, lastDays } from "./analytics-api";
import { Chart } from "./Chart";
import type { Clock } from "./MetricCards";
import { count, duration, percent } from "./format";

const plain = (v: number) => count(Math.round(v));
const shortDuration = (v: number) => (v < 60 ? `${Math.round(v)}s` : v < 3600 ? `${Math.round(v / 60)}m` : `${(v / 3600).toFixed(1)}h`);

export function TagsSection({ api, range, clock }: { api: AnalyticsApi; range: { from: string; to: string }; clock: Clock }) {
  const tags = useQuery({ queryKey: ["tags", range], queryFn: () => api.breakdown({ by: "tag", ...range }) });
  const [picked, setPicked] = useState<string | null>(null);
  const rows = tags.data?.rows ?? [];
  const tag = picked && rows.some((r) => r.key === picked) ? picked : (rows[0]?.key ?? null);
  return (
    <section className="an-tags" data-testid="tag-analytics">
      <header className="an-head">
        <h3>By tag</h3>
        <button
          type="button"
          className="st-btn st-btn-small"
          disabled={rows.length === 0}
          onClick={() => void api.downloadCsv("breakdown", { by: "tag", ...range })}
        >
          Export CSV
        </button>
      </header>
      {tags.error ? (
        <EmptyState
          title="The tags' numbers could not be loaded"
          hint={tags.error.message}
          action={
            <button type="button" className="st-btn" onClick={() => void tags.refetch()}>
              Try again
            </button>
          }
        />
      ) : !tags.data ? (
        <Loading label="Counting by tag…" />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No tagged conversations in this period"
          hint="Tag contacts from a conversation's header; their texts are counted here from then on."
        />
      ) : (
        <>
          <TagTable rows={rows} clock={clock} picked={tag} onPick={setPicked} />
          {tag && <TagChart api={api} tag={tag} clock={clock} />}
        </>
      )}
      <p className="an-def">{definitions.tags}</p>
    </section>
  );
}

function TagTable({ rows, clock, picked, onPick }: { rows: MetricRow[]; clock: Clock; picked: string | null; onPick(tag: string): void }) {
  return (
    <div className="an-table-wrap">
      <table className="an-table" data-testid="tag-table">
        <thead>
          <tr>
            <th>Tag</th>
            <th>Opened</th>
            <th>Texts in</th>
            <th>First response (median / p90)</th>
            <th>Reply time (median)</th>
            <th>SLA breaches</th>
            <th>Opt-out rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-tag={r.key}
              aria-selected={r.key === picked}
              className={r.key === picked ? "an-picked" : undefined}
              onClick={() => onPick(r.key)}
            >
              <td>
                <button type="button" className="an-link" aria-pressed={r.key === picked} onClick={() => onPick(r.key)}>
                  {r.label}
                </button>
              </td>
              <td>{count(r.counts.opened)}</td>
              <td>{count(r.counts.inbound)}</td>
              <td>
                {duration(r.durations.firstResponse[clock].median)} / {duration(r.durations.firstResponse[clock].p90)}
              </td>
              <td>{duration(r.durations.reply[clock].median)}</td>
              <td>{count(r.counts.breaches)}</td>
              <td>{percent(r.optOutRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TagChart({ api, tag, clock }: { api: AnalyticsApi; tag: string; clock: Clock }) {
  const ninety = lastDays(90);
  const daily = useQuery({ queryKey: ["tag-daily", tag, ninety], queryFn: () => api.breakdown({ by: "day", tag, ...ninety }) });
  const series = useMemo(() => {
    const rows = daily.data?.rows;
    if (!rows) return null;
    return {
      days: rows.map((r) => r.key),
      inbound: rows.map((r) => r.counts.inbound),
      first: rows.map((r) => r.durations.firstResponse[clock].median),
      reply: rows.map((r) => r.durations.reply[clock].median),
    };
  }, [daily.data, clock]);
  if (daily.error) return <EmptyState title={`The “${tag}” chart could not be loaded`} hint={`${daily.error.message} — pick the tag again.`} />;
  if (!series) return <Loading label={`Drawing “${tag}”…`} />;
  return (
    <div className="an-charts" data-testid="tag-charts">
      <Chart
        title={`Texts in a day from contacts tagged “${tag}” (90 days)`}
        days={series.days}
        unit={plain}
        series={[{ label: "Inbound", values: series.inbound, color: "#2563eb" }]}
      />
      <Chart
        title={`First response and reply time, “${tag}”`}
        days={series.days}
        unit={duration as (v: number) => string}
        tick={shortDuration}
        series={[
          { label: "First response (median)", values: series.first, color: "#7c3aed" },
          { label: "Reply time (median)", values: series.reply, color: "#0891b2" },
        ]}
      />
    </div>
  );
}
