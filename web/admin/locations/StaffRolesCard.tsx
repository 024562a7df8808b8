// A teammate's staff roles: regional manager of a region, location admin of a location. The whole list is
// saved at once (PUT replaces it), and the teammate's access changes at once, so it says so before saving.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { StaffRole } from "../../../src/protocol/locations";
import { useAdmin } from "../admin-context";
import { Field, FormError, QueryGate } from "../parts";
import { TEAMMATES } from "../queries";
import { staffRolesKey } from "./org-queries";

type Named = { id: string; name: string };

export function StaffRolesCard({ regions, locations }: { regions: Named[]; locations: Named[] }) {
  const { api } = useAdmin();
  const teammates = useQuery({ queryKey: TEAMMATES, queryFn: api.teammates });
  const [userId, setUserId] = useState("");
  // Owners and admins already act on every location: staff roles are for agents.
  const agents = teammates.data?.filter((u) => u.role === "agent" && !u.deactivatedAt) ?? [];
  return (
    <div className="adm-card" data-testid="staff-roles">
      <h3>Staff roles</h3>
      <p className="st-hint">Owners and admins act on every location. Make an agent a regional manager or a location admin here.</p>
      <QueryGate what="teammates" isPending={teammates.isPending} error={teammates.error} retry={() => teammates.refetch()}>
        <Field label="Teammate">
          {(id) => (
            <select id={id} value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="staff-roles-user">
              <option value="">Choose an agent…</option>
              {agents.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          )}
        </Field>
        {userId && <RolesEditor key={userId} userId={userId} name={agents.find((u) => u.id === userId)?.name ?? ""} regions={regions} locations={locations} />}
      </QueryGate>
    </div>
  );
}

function RolesEditor(props: { userId: string; name: string; regions: Named[]; locations: Named[] }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const saved = useQuery({ queryKey: staffRolesKey(props.userId), queryFn: () => api.staffRoles(props.userId) });
  const [roles, setRoles] = useState<StaffRole[] | null>(null);
  const [adding, setAdding] = useState("");
  useEffect(() => {
    if (saved.data) setRoles(saved.data);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: (next: StaffRole[]) => api.setStaffRoles(props.userId, next),
    onSuccess: (next) => queries.setQueryData(staffRolesKey(props.userId), next),
  });
  const nameOf = (r: StaffRole) =>
    r.role === "regional_manager"
      ? `Regional manager of ${props.regions.find((g) => g.id === r.regionId)?.name ?? r.regionId}`
      : `Location admin of ${props.locations.find((l) => l.id === r.locationId)?.name ?? r.locationId}`;
  const keyOf = (r: StaffRole) => (r.role === "regional_manager" ? `region:${r.regionId}` : `location:${r.locationId}`);
  const list = roles ?? [];
  const changed = JSON.stringify(list) !== JSON.stringify(saved.data ?? []);
  const choices = [
    ...props.regions.map((g) => ({ key: `region:${g.id}`, label: `Regional manager of ${g.name}` })),
    ...props.locations.map((l) => ({ key: `location:${l.id}`, label: `Location admin of ${l.name}` })),
  ].filter((c) => !list.some((r) => keyOf(r) === c.key));
  const add = () => {
    const [kind, id] = adding.split(":") as [string, string];
    const role: StaffRole = kind === "region" ? { role: "regional_manager", regionId: id } : { role: "location_admin", locationId: id };
    setRoles([...list, role]);
    setAdding("");
  };
  return (
    <QueryGate what={`the staff roles of ${props.name}`} isPending={saved.isPending} error={saved.error} retry={() => saved.refetch()}>
      {list.length === 0 ? (
        <p className="st-hint" data-testid="staff-roles-none">
          {props.name} is an agent of their inboxes only.
        </p>
      ) : (
        <ul className="adm-list" aria-label={`Staff roles of ${props.name}`}>
          {list.map((r) => (
            <li key={keyOf(r)} className="adm-row" data-testid="staff-role">
              <span>{nameOf(r)}</span>
              <button
                type="button"
                className="st-btn st-btn-small"
                onClick={() => setRoles(list.filter((x) => keyOf(x) !== keyOf(r)))}
                aria-label={`Remove: ${nameOf(r)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="adm-inline">
        <select aria-label="Role to add" value={adding} onChange={(e) => setAdding(e.target.value)} data-testid="staff-role-add">
          <option value="">Add a role…</option>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        <button type="button" className="st-btn st-btn-small" disabled={!adding} onClick={add}>
          Add
        </button>
      </div>
      {changed && <p className="st-hint">Saving changes what {props.name} sees at once: their open sessions reload with the new scope.</p>}
      <button
        type="button"
        className="st-btn st-btn-primary"
        disabled={!changed || save.isPending}
        onClick={() => save.mutate(list)}
        data-testid="save-staff-roles"
      >
        Save roles
      </button>
      {save.isSuccess && !changed && (
        <span className="st-hint" role="status">
          Saved.
        </span>
      )}
      <FormError error={save.error} />
    </QueryGate>
  );
}
