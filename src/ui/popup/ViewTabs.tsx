// Mine / Unassigned / All with their counts, as tabs.
import type { View } from "./inbox-index";

const VIEWS: Array<{ view: View; label: string }> = [
  { view: "mine", label: "Mine" },
  { view: "unassigned", label: "Unassigned" },
  { view: "all", label: "All" },
];

/** A view's count, or null while it is still being counted. */
export type ViewCounts = Record<View, number | null>;

export function ViewTabs({ view, counts, onChange }: { view: View; counts: ViewCounts; onChange(view: View): void }) {
  return (
    <div className="st-tabs" role="tablist" aria-label="Conversations">
      {VIEWS.map((v) => (
        <button
          key={v.view}
          type="button"
          role="tab"
          aria-selected={view === v.view}
          data-testid={`view-${v.view}`}
          className={`st-tab ${view === v.view ? "is-active" : ""}`}
          onClick={() => onChange(v.view)}
        >
          {v.label}{" "}
          <span className="st-count" data-testid="count" {...(counts[v.view] === null && { role: "img", "aria-label": "counting" })}>
            {counts[v.view] ?? "…"}
          </span>
        </button>
      ))}
    </div>
  );
}
