// HQ's packs, each with a small table: a row per location, a column per rule, the rule's drift in each cell.
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import type { RulePack } from "../../../src/protocol/locations";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { QueryGate } from "../parts";
import { Loading } from "../../../src/ui/common/EmptyState";
import { RULE_PACKS } from "../locations/org-queries";

const driftWords: Record<RulePack["states"][number]["drift"], { text: string; tone: string }> = {
  in_sync: { text: "In sync", tone: "ok" },
  turned_off: { text: "Turned off", tone: "muted" },
  edited: { text: "Edited", tone: "warn" },
  missing: { text: "Missing", tone: "danger" },
};

// Its own chunk: the form (with the rule editor's fields) loads when HQ opens it.
const PackEditor = lazy(() => import("./PackEditor").then((m) => ({ default: m.PackEditor })));

export function PackDrift() {
  const { api } = useAdmin();
  const packs = useQuery({ queryKey: RULE_PACKS, queryFn: api.rulePacks });
  // null: no form; "new": a new pack; else the pack getting a new version.
  const [editing, setEditing] = useState<RulePack | "new" | null>(null);
  return (
    <QueryGate what="rule packs" isPending={packs.isPending} error={packs.error} retry={() => packs.refetch()}>
      <p className="st-hint">
        HQ pushes a pack's rules to its locations. Edited: the location's copy differs from what was pushed; missing: it was deleted; turned off: the location
        switched it off, as the pack allows.
      </p>
      {editing ? (
        <Suspense fallback={<Loading label="Opening the form…" />}>
          <PackEditor pack={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
        </Suspense>
      ) : (
        <div className="st-hstack">
          <button type="button" className="st-btn st-btn-primary" data-testid="new-rule-pack" onClick={() => setEditing("new")}>
            New rule pack
          </button>
        </div>
      )}
      {packs.data?.length === 0 ? (
        <EmptyState
          title="No rule packs yet"
          hint="Write one with New rule pack: its rules run at every location you push it to, and show here with each location's drift."
        />
      ) : (
        <div className="adm-cards">
          {packs.data?.map((p) => (
            <PackCard key={p.id} pack={p} onNewVersion={editing ? undefined : () => setEditing(p)} />
          ))}
        </div>
      )}
    </QueryGate>
  );
}

function PackCard({ pack, onNewVersion }: { pack: RulePack; onNewVersion?: () => void }) {
  const locations = [...new Map(pack.states.map((s) => [s.locationId, s.locationName])).entries()];
  const cell = (locationId: string, key: string) => pack.states.find((s) => s.locationId === locationId && s.key === key);
  const drifted = pack.states.filter((s) => s.drift !== "in_sync").length;
  return (
    <article className="adm-card" data-testid="rule-pack" aria-label={pack.name}>
      <h3>
        {pack.name} <span className="st-chip">v{pack.version}</span>
      </h3>
      {onNewVersion && (
        <button type="button" className="st-btn st-btn-small" onClick={onNewVersion}>
          New version
        </button>
      )}
      <p className="is-muted adm-small">
        {pack.rules.length} {pack.rules.length === 1 ? "rule" : "rules"} · {drifted === 0 ? "every location in sync" : `${drifted} drifted`}
      </p>
      <ul className="adm-small adm-pack-rules">
        {pack.rules.map((r) => (
          <li key={r.key}>
            <strong>{r.rule.name}</strong> <span className="is-muted">({r.key})</span> · {r.locked ? "locked" : "editable"} ·{" "}
            {r.mayTurnOff ? "locations may turn it off" : "always on"}
          </li>
        ))}
      </ul>
      {locations.length === 0 ? (
        <p className="st-hint">Not pushed to any location yet.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table adm-drift" data-testid="pack-drift">
            <caption className="st-sr">Drift of {pack.name} by location</caption>
            <thead>
              <tr>
                <th scope="col">Location</th>
                {pack.rules.map((r) => (
                  <th key={r.key} scope="col">
                    {r.rule.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {locations.map(([id, name]) => (
                <tr key={id} data-testid="pack-drift-row" data-location-id={id}>
                  <th scope="row">{name}</th>
                  {pack.rules.map((r) => {
                    const state = cell(id, r.key);
                    const words = state ? driftWords[state.drift] : { text: "Not pushed", tone: "muted" };
                    return (
                      <td key={r.key} data-drift={state?.drift ?? "none"}>
                        <span className={`adm-drift-${words.tone}`}>
                          <span className="adm-small is-muted adm-drift-rule">{r.rule.name}: </span>
                          {words.text}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
