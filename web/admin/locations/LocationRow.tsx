// One location: its name (renamed in place), its region (moved at once from the menu) and its inboxes.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Location } from "../../../src/protocol/locations";
import { useAdmin } from "../admin-context";
import { FormError, useFocusOnShow } from "../parts";
import { INBOXES } from "../queries";
import { LOCATIONS } from "./org-queries";

type Named = { id: string; name: string };

export function LocationRow(props: { location: Location; regions: Named[]; locations: Named[]; inboxes: { id: string; label: string }[] }) {
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
        {props.inboxes.length === 0 ? (
          <div className="is-muted adm-small">No inboxes yet: move one here from another location.</div>
        ) : (
          <ul className="adm-loc-inboxes" aria-label={`Inboxes of ${location.name}`} data-testid="location-inboxes">
            {props.inboxes.map((inbox) => (
              <InboxMove key={inbox.id} inbox={inbox} from={location} locations={props.locations} />
            ))}
          </ul>
        )}
        <FormError error={change.error} />
      </div>
      <div className="adm-inline">
        <span className="adm-small is-muted" aria-hidden="true">
          Region
        </span>
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

/** An inbox of the location, and moving it to another: its conversations, brand copies and pack rules follow. */
function InboxMove({ inbox, from, locations }: { inbox: { id: string; label: string }; from: Named; locations: Named[] }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [to, setTo] = useState("");
  const move = useMutation({
    mutationFn: () => api.moveInbox(inbox.id, to),
    onSettled: () => Promise.all([queries.invalidateQueries({ queryKey: LOCATIONS }), queries.invalidateQueries({ queryKey: INBOXES })]),
  });
  const name = inbox.label.replace(/ \(.*\)$/, "");
  return (
    <li className="adm-inline adm-small" data-testid="location-inbox">
      <span data-testid="location-inbox-name">{inbox.label}</span>
      <select aria-label={`Move ${name} to`} value={to} onChange={(e) => setTo(e.target.value)} disabled={move.isPending}>
        <option value="">Move to…</option>
        {locations
          .filter((l) => l.id !== from.id)
          .map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
      </select>
      {to && (
        <button type="button" className="st-btn st-btn-small" disabled={move.isPending} onClick={() => move.mutate()}>
          Move {name}
        </button>
      )}
      {to && <span className="st-hint">Its conversations move with it: people of {from.name} who do not work at the new location stop seeing them.</span>}
      <FormError error={move.error} />
    </li>
  );
}
