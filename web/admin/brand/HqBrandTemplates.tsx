// HQ's side: every brand template with where it is pushed, its version, and per location the slots changed.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { QueryGate } from "../parts";
import type { HqBrandTemplate } from "../locations/locations-api";
import { BRAND_TEMPLATES, LOCATIONS } from "../locations/org-queries";
import { BrandTemplateEditor } from "./BrandTemplateEditor";
import { LockedText } from "./LockedText";

export function HqBrandTemplates() {
  const { api } = useAdmin();
  const brands = useQuery({ queryKey: BRAND_TEMPLATES, queryFn: api.brandTemplates });
  const org = useQuery({ queryKey: LOCATIONS, queryFn: api.locations });
  const [editing, setEditing] = useState<HqBrandTemplate | "new" | null>(null);
  const locations = org.data?.locations ?? [];
  return (
    <QueryGate
      what="brand templates"
      isPending={brands.isPending || org.isPending}
      error={brands.error ?? org.error}
      retry={() => {
        void brands.refetch();
        void org.refetch();
      }}
    >
      <p className="st-hint">
        The text is locked for locations, except the slots you mark editable (like {"{{location.hours}}"} or a sign-off). Each location's agents see their copy
        as a template of their inboxes.
      </p>
      {editing === null && (
        <div>
          <button type="button" className="st-btn st-btn-primary" onClick={() => setEditing("new")} data-testid="new-brand-template">
            New brand template
          </button>
        </div>
      )}
      {editing !== null && (
        <BrandTemplateEditor
          key={editing === "new" ? "new" : editing.id}
          current={editing === "new" ? null : editing}
          locations={locations}
          onDone={() => setEditing(null)}
        />
      )}
      {brands.data?.length === 0 && editing === null && (
        <EmptyState title="No brand templates yet" hint="Write one with New brand template, mark its editable slots and push it to your locations." />
      )}
      <div className="adm-cards">
        {brands.data?.map((b) => (
          <article key={b.id} className="adm-card" data-testid="brand-template" aria-label={b.name}>
            <div className="adm-row">
              <h3>
                {b.name} <span className="st-chip">v{b.version}</span>
              </h3>
              <button
                type="button"
                className="st-btn st-btn-small"
                onClick={() => setEditing(b)}
                aria-label={`New version of ${b.name}`}
                disabled={editing !== null}
              >
                New version
              </button>
            </div>
            <LockedText body={b.body} slots={b.slots} />
            <p className="is-muted adm-small">
              Pushed to{" "}
              {b.locationIds === null
                ? "every location"
                : b.locationIds.map((id) => locations.find((l) => l.id === id)?.name ?? id).join(", ") || "no location"}
            </p>
            <CopiesTable brand={b} />
          </article>
        ))}
      </div>
    </QueryGate>
  );
}

function CopiesTable({ brand }: { brand: HqBrandTemplate }) {
  if (brand.copies.length === 0) return <p className="st-hint">No location has a copy yet.</p>;
  const label = new Map(brand.slots.map((s) => [s.name, s.label]));
  return (
    <div className="adm-table-wrap">
      <table className="adm-table" data-testid="brand-copies">
        <caption className="st-sr">Copies of {brand.name} by location</caption>
        <thead>
          <tr>
            <th scope="col">Location</th>
            <th scope="col">Slots it changed</th>
          </tr>
        </thead>
        <tbody>
          {brand.copies.map((c) => (
            <tr key={c.locationId} data-testid="brand-copy" data-location-id={c.locationId}>
              <th scope="row">{c.locationName}</th>
              <td data-testid="changed-slots">
                {c.changedSlots.length === 0 ? (
                  <span className="is-muted">None: HQ's defaults</span>
                ) : (
                  c.changedSlots.map((name) => (
                    <div key={name}>
                      <strong>{label.get(name) ?? name}:</strong> <span className="adm-slot-value">{c.slotValues[name]}</span>
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
