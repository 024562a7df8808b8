// One location: its name (renamed in place), its region (moved at once from the menu) and its inboxes.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Location } from "../../../src/protocol/locations";
import { useAdmin } from "../admin-context";
import { FormError, useFocusOnShow } from "../parts";
import { LOCATIONS } from "./org-queries";

export function LocationRow(props: { location: Location; regions: { id: string; name: string }[]; inboxNames: string[] }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const { location } = props;
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(location.name);
  const nameRef = useFocusOnShow<HTMLInputElement>(renaming);
  const change = useMutation({
    mutationFn: (changes: { name?: string; regionId?: string | null }) => api.changeLocation(location.id, changes),
    onSuccess: () => setRenaming(false),
    onSettled: () => queries.invalidateQueries({ queryKey: LOCATIONS }),
  });
  return (
    <li className="adm-row adm-loc" data-testid="location" data-location-id={location.id}>
      <div className="adm-loc-main">
        {renaming ? (
          <form
            className="adm-inline"
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate({ name: name.trim() });
            }}
          >
            <input ref={nameRef} aria-label={`New name for ${location.name}`} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="st-btn st-btn-small st-btn-primary" disabled={change.isPending || !name.trim()}>
              Save
            </button>
            <button
              type="button"
              className="st-btn st-btn-small"
              onClick={() => {
                setRenaming(false);
                setName(location.name);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          <strong data-testid="location-name">{location.name}</strong>
        )}
        <div className="is-muted adm-small" data-testid="location-inboxes">
          {props.inboxNames.length ? `Inboxes: ${props.inboxNames.join(", ")}` : "No inboxes yet: create one in Inboxes and pick this location."}
        </div>
        <FormError error={change.error} />
      </div>
      <div className="adm-inline">
        <select
          aria-label={`Region of ${location.name}`}
          value={change.isPending && change.variables?.regionId !== undefined ? (change.variables.regionId ?? "") : (location.regionId ?? "")}
          disabled={change.isPending}
          onChange={(e) => change.mutate({ regionId: e.target.value || null })}
          data-testid="location-region"
        >
          <option value="">No region</option>
          {props.regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        {!renaming && (
          <button type="button" className="st-btn st-btn-small" onClick={() => setRenaming(true)} aria-label={`Rename ${location.name}`}>
            Rename
          </button>
        )}
      </div>
    </li>
  );
}
