// Locations: the organisation's regions and locations (HQ adds, renames and moves them), each location's
// inboxes, and each teammate's staff roles (regional manager, location admin) — what decides who sees what.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { Field, FormError, QueryGate } from "../parts";
import { INBOXES } from "../queries";
import { LocationRow } from "./LocationRow";
import { LOCATIONS } from "./org-queries";
import { StaffRolesCard } from "./StaffRolesCard";

export function LocationsSection() {
  const { api } = useAdmin();
  const org = useQuery({ queryKey: LOCATIONS, queryFn: api.locations });
  const inboxes = useQuery({ queryKey: INBOXES, queryFn: api.inboxes });
  const inboxName = new Map(inboxes.data?.map((i) => [i.id, `${i.name} (${i.phoneNumber})`]));
  const regions = org.data?.regions ?? [];
  const groups = [...regions.map((r) => ({ id: r.id as string | null, name: r.name })), { id: null, name: "In no region" }];
  return (
    <section aria-labelledby="adm-locations-title" className="adm-section">
      <h2 id="adm-locations-title">Locations</h2>
      <QueryGate
        what="locations"
        isPending={org.isPending || inboxes.isPending}
        error={org.error ?? inboxes.error}
        retry={() => {
          void org.refetch();
          void inboxes.refetch();
        }}
      >
        <p className="st-hint">
          {org.data?.organisation.name}: regions group locations; every inbox belongs to one location. Regional managers administer every location of their
          region, location admins their location.
        </p>
        <div className="adm-loc-forms">
          <NewRegionForm />
          <NewLocationForm regions={regions} />
        </div>
        {groups.map((g) => {
          const here = org.data?.locations.filter((l) => l.regionId === g.id) ?? [];
          if (g.id === null && here.length === 0) return null;
          return (
            <div key={g.id ?? "none"} className="adm-card" data-testid="region" data-region-id={g.id ?? ""}>
              <h3>{g.name}</h3>
              {here.length === 0 ? (
                <p className="st-hint">No locations in {g.name} yet: add one above, or move one here with its Region menu.</p>
              ) : (
                <ul className="adm-list" aria-label={`Locations in ${g.name}`}>
                  {here.map((l) => (
                    <LocationRow
                      key={l.id}
                      location={l}
                      regions={regions}
                      locations={org.data?.locations ?? []}
                      inboxes={l.inboxIds.map((id) => ({ id, label: inboxName.get(id) ?? id }))}
                    />
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        {org.data?.locations.length === 0 && <EmptyState title="No locations yet" hint="Add the first location above." />}
        <StaffRolesCard regions={regions} locations={org.data?.locations ?? []} />
      </QueryGate>
    </section>
  );
}

function NewRegionForm() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => api.createRegion(name.trim()),
    onSuccess: () => {
      setName("");
      void queries.invalidateQueries({ queryKey: LOCATIONS });
    },
  });
  return (
    <form
      className="adm-card adm-form"
      data-testid="new-region"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h3>New region</h3>
      <Field label="Region name">{(id) => <input id={id} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />}</Field>
      <button type="submit" className="st-btn st-btn-primary" disabled={create.isPending || !name.trim()}>
        Add region
      </button>
      <FormError error={create.error} />
    </form>
  );
}

function NewLocationForm({ regions }: { regions: { id: string; name: string }[] }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [regionId, setRegionId] = useState("");
  const create = useMutation({
    mutationFn: () => api.createLocation({ name: name.trim(), regionId: regionId || null }),
    onSuccess: () => {
      setName("");
      void queries.invalidateQueries({ queryKey: LOCATIONS });
    },
  });
  return (
    <form
      className="adm-card adm-form"
      data-testid="new-location"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h3>New location</h3>
      <Field label="Location name">{(id) => <input id={id} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="In region">
        {(id) => (
          <select id={id} value={regionId} onChange={(e) => setRegionId(e.target.value)}>
            <option value="">No region</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="st-btn st-btn-primary" disabled={create.isPending || !name.trim()}>
        Add location
      </button>
      <FormError error={create.error} />
    </form>
  );
}
