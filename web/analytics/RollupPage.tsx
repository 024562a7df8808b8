// The roll-up page: the period's headline numbers over every location the user can see, then the locations
// side by side. Loading, empty and error states say what to do.
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { definitions } from "~src/protocol/analytics";
import { type AnalyticsApi, lastDays } from "./analytics-api";
import { type Clock, MetricCards } from "./MetricCards";
import { RollupTable } from "./RollupTable";
import { Toolbar } from "./Toolbar";

// Its own chunk: the tags' table and chart load after the roll-up has drawn.
const TagsSection = lazy(() => import("./TagsSection").then((m) => ({ default: m.TagsSection })));

export function RollupPage({ api }: { api: AnalyticsApi }) {
  const [days, setDays] = useState(30);
  const [clock, setClock] = useState<Clock>("calendar");
  const range = lastDays(days);
  const rollup = useQuery({ queryKey: ["rollup", range], queryFn: () => api.rollup(range.from, range.to) });
  const total = useQuery({ queryKey: ["all", range], queryFn: () => api.breakdown({ by: "all", ...range }) });
  const failed = rollup.error ?? total.error;
  return (
    <>
      <header className="an-head">
        <h2>Locations</h2>
        <Toolbar days={days} onDays={setDays} clock={clock} onClock={setClock} onCsv={() => void api.downloadCsv("rollup", range)} />
      </header>
      {failed ? (
        <EmptyState
          title="Analytics could not be loaded"
          hint={failed.message}
          action={
            <button type="button" className="st-btn" onClick={() => void Promise.all([rollup.refetch(), total.refetch()])}>
              Try again
            </button>
          }
        />
      ) : !rollup.data || !total.data ? (
        <Loading label="Counting…" />
      ) : rollup.data.rows.length === 0 ? (
        <EmptyState title="No locations to show" hint="You see the locations of the inboxes you are a member of; ask an admin to add you to one." />
      ) : (
        <>
          <MetricCards row={total.data.rows[0]} clock={clock} />
          <RollupTable rows={rollup.data.rows} clock={clock} />
          <Suspense fallback={<Loading label="Loading the tags…" />}>
            <TagsSection api={api} range={range} clock={clock} />
          </Suspense>
          <p className="an-def">
            {definitions.percentiles} {definitions.businessHours} {definitions.days}
          </p>
        </>
      )}
    </>
  );
}
