// A location admin's side: for each location they administer, its copies of HQ's brand templates, the locked
// text read-only and each editable slot as a field (empty: HQ's default).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { AdministeredLocations } from "../locations/AdministeredLocations";
import { Field, FormError, QueryGate } from "../parts";
import type { LocationCopy } from "../locations/locations-api";
import { locationCopiesKey } from "../locations/org-queries";
import { LockedText } from "./LockedText";

export function LocationBrandCopies() {
  return <AdministeredLocations>{(l) => <LocationCopies key={l.id} locationId={l.id} name={l.name} />}</AdministeredLocations>;
}

function LocationCopies({ locationId, name }: { locationId: string; name: string }) {
  const { api } = useAdmin();
  const copies = useQuery({ queryKey: locationCopiesKey(locationId), queryFn: () => api.locationBrandTemplates(locationId) });
  return (
    <div className="adm-location-block" data-testid="location-brand" data-location-id={locationId}>
      <h3>{name}</h3>
      <QueryGate what={`${name}'s brand templates`} isPending={copies.isPending} error={copies.error} retry={() => copies.refetch()}>
        {copies.data?.length === 0 ? (
          <EmptyState title={`HQ has pushed no brand templates to ${name}`} hint="They appear here when HQ pushes one." />
        ) : (
          <div className="adm-cards">
            {copies.data?.map((c) => (
              <CopyCard key={c.brandTemplateId} locationId={locationId} copy={c} />
            ))}
          </div>
        )}
      </QueryGate>
    </div>
  );
}

function CopyCard({ locationId, copy }: { locationId: string; copy: LocationCopy }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [values, setValues] = useState(() => Object.fromEntries(copy.slots.map((s) => [s.name, s.value])));
  const save = useMutation({
    mutationFn: () => api.fillSlots(locationId, copy.brandTemplateId, values),
    onSuccess: (next) =>
      queries.setQueryData<LocationCopy[]>(locationCopiesKey(locationId), (all) => all?.map((c) => (c.brandTemplateId === next.brandTemplateId ? next : c))),
  });
  const dirty = copy.slots.some((s) => values[s.name] !== s.value);
  return (
    <form
      className="adm-card adm-form"
      data-testid="brand-copy-form"
      aria-label={copy.name}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h4>
        {copy.name} <span className="st-chip">v{copy.version}</span>
      </h4>
      <div>
        <span className="adm-small is-muted">HQ's text (locked)</span>
        <LockedText body={copy.body} slots={copy.slots} />
      </div>
      {copy.slots.length === 0 && <p className="st-hint">HQ left nothing editable in this one.</p>}
      {copy.slots.map((s) => (
        <Field key={s.name} label={s.label} hint={s.changed ? `Changed from HQ's "${s.default}"` : "HQ's default"}>
          {(id) => <input id={id} value={values[s.name] ?? ""} maxLength={500} onChange={(e) => setValues({ ...values, [s.name]: e.target.value })} />}
        </Field>
      ))}
      <div>
        <span className="adm-small is-muted">What agents send</span>
        <p className="adm-bubble" data-testid="brand-rendered">
          {copy.rendered}
        </p>
      </div>
      {copy.slots.length > 0 && (
        <button type="submit" className="st-btn st-btn-primary" disabled={!dirty || save.isPending}>
          Save {copy.name}
        </button>
      )}
      {save.isSuccess && !dirty && (
        <span className="st-hint" role="status">
          Saved: {copy.name} at this location now reads as above.
        </span>
      )}
      <FormError error={save.error} />
    </form>
  );
}
