// The trail as a table, newest first, 50 rows a page with "Show older". Every cell is text (names, bodies and
// labels come from users and customers).
import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditRow } from "../../../src/protocol/audit";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { QueryGate } from "../parts";
import type { AuditFilters } from "./audit-api";
import { changeInWords, whatHappened } from "./audit-words";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const short = (text: string) => (text.length > 140 ? `${text.slice(0, 140)}…` : text);

export function AuditTable({ filters }: { filters: AuditFilters }) {
  const { api } = useAdmin();
  const pages = useInfiniteQuery({
    queryKey: ["admin", "audit", "rows", filters],
    queryFn: ({ pageParam }) => api.auditPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = pages.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <QueryGate what="the audit trail" isPending={pages.isPending} error={pages.isFetchNextPageError ? null : pages.error} retry={() => pages.refetch()}>
      {rows.length === 0 ? (
        <EmptyState title="Nothing in the trail matches these filters" hint="Widen the dates, or clear a filter." testId="audit-empty" />
      ) : (
        <>
          <div className="adm-table-wrap">
            <table className="adm-table adm-audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">On</th>
                  <th scope="col">Where</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <Row key={r.id} row={r} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="st-hstack adm-audit-more">
            {pages.hasNextPage ? (
              <button type="button" className="st-btn" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? "Loading older changes…" : "Show older changes"}
              </button>
            ) : (
              <span className="st-hint">That is everything the trail holds for these filters.</span>
            )}
            {pages.isFetchNextPageError && (
              <span className="adm-error" role="alert">
                Could not load older changes: {pages.error?.message} Try again.
              </span>
            )}
          </div>
        </>
      )}
    </QueryGate>
  );
}

function Row({ row }: { row: AuditRow }) {
  return (
    <tr data-testid="audit-row">
      <td>
        <time dateTime={row.at} title={row.at}>
          {when.format(new Date(row.at))}
        </time>
      </td>
      <td>{row.actor?.name ?? <span className="st-hint">Customer or system</span>}</td>
      <td>
        {whatHappened(row)}
        {row.body !== null && <div className="adm-audit-body">“{short(row.body)}”</div>}
        {row.redacted && <div className="st-hint">Text removed by the retention setting</div>}
        {row.changes && row.changes.length > 0 && (
          <ul className="adm-audit-changes" data-testid="audit-changes">
            {row.changes.map((c) => (
              <li key={c.field}>{short(changeInWords(c))}</li>
            ))}
          </ul>
        )}
      </td>
      <td>{row.target.label}</td>
      <td>{row.location ? `${row.location.name}${row.inbox ? ` · ${row.inbox.name}` : ""}` : <span className="st-hint">Workspace</span>}</td>
    </tr>
  );
}
