// The headline numbers of a period, each with its published definition beside it (hooks metric-<name>).
import { definitions, type MetricRow } from "~src/protocol/analytics";
import { count, duration, percent } from "./format";

export type Clock = "calendar" | "business";

export function MetricCards({ row, clock }: { row: MetricRow; clock: Clock }) {
  const d = row.durations;
  const time = (m: keyof MetricRow["durations"]) => ({
    value: duration(d[m][clock].median),
    sub: `p90 ${duration(d[m][clock].p90)} · ${count(d[m][clock].count)} samples`,
  });
  const cards: Array<{ name: string; label: string; value: string; sub?: string; definition: string }> = [
    { name: "first-response", label: "First response (median)", ...time("firstResponse"), definition: definitions.firstResponse },
    { name: "reply", label: "Reply time (median)", ...time("reply"), definition: definitions.reply },
    { name: "resolution", label: "Resolution time (median)", ...time("resolution"), definition: definitions.resolution },
    { name: "breaches", label: "Unanswered over SLA target", value: count(row.counts.breaches), definition: definitions.breaches },
    {
      name: "opened",
      label: "Conversations opened",
      value: count(row.counts.opened),
      sub: `${count(row.counts.resolved)} resolved`,
      definition: `${definitions.opened} ${definitions.resolved}`,
    },
    {
      name: "inbound",
      label: "Inbound texts",
      value: count(row.counts.inbound),
      sub: `${count(row.counts.inboundSegments)} segments`,
      definition: `${definitions.inbound} ${definitions.inboundSegments}`,
    },
    {
      name: "outbound",
      label: "Outbound texts",
      value: count(row.counts.outbound),
      sub: `+ ${count(row.counts.automated)} automated · ${count(row.counts.outboundSegments)} segments`,
      definition: `${definitions.outbound} ${definitions.automated} ${definitions.outboundSegments}`,
    },
    { name: "failed", label: "Failed texts", value: count(row.counts.failed), definition: definitions.failed },
    {
      name: "opt-outs",
      label: "Opt-outs",
      value: count(row.counts.optOuts),
      sub: `rate ${percent(row.optOutRate)}`,
      definition: `${definitions.optOuts} ${definitions.optOutRate}`,
    },
  ];
  return (
    <div className="an-cards">
      {cards.map((c) => (
        <section key={c.name} className="an-card" data-testid={`metric-${c.name}`} aria-label={c.label}>
          <h3>{c.label}</h3>
          <div className="an-value">{c.value}</div>
          {c.sub && <div className="an-sub">{c.sub}</div>}
          <p className="an-def">{c.definition}</p>
        </section>
      ))}
    </div>
  );
}
