// One teammate: role (changed at once), status, and deactivate / reactivate (asked first). Owners are
// changed only by owners, and nobody changes themselves here.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Teammate } from "../../../src/protocol/admin";
import { roles, type User } from "../../../src/protocol/entities";
import { useAdmin } from "../admin-context";
import { ConfirmButton, FormError } from "../parts";
import { TEAMMATES } from "../queries";

const shortRole: Record<User["role"], string> = { owner: "Owner", admin: "Admin", agent: "Agent" };

export function TeammateRow({ user }: { user: Teammate }) {
  const { api, me } = useAdmin();
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: TEAMMATES });
  const role = useMutation({ mutationFn: (next: User["role"]) => api.changeRole(user.id, next), onSettled: refresh });
  const active = useMutation({ mutationFn: (deactivate: boolean) => api.setDeactivated(user.id, deactivate), onSettled: refresh });
  const unlock = useMutation({ mutationFn: () => api.unlock(user.id), onSettled: refresh });
  const lockedUntil = user.lockedUntil && Date.parse(user.lockedUntil) > Date.now() ? new Date(user.lockedUntil) : null;
  const isMe = user.id === me.id;
  const locked = isMe || (user.role === "owner" && me.role !== "owner");
  const why = isMe ? "This is you." : locked ? "Only an owner changes an owner." : null;
  return (
    <tr data-testid="teammate" data-user-id={user.id}>
      <th scope="row">
        {user.name} {isMe && <span className="st-chip">you</span>}
        <div className="is-muted adm-small">{user.email}</div>
      </th>
      <td>
        {locked ? (
          <span title={why ?? undefined}>{shortRole[user.role]}</span>
        ) : (
          <select
            aria-label={`Role of ${user.name}`}
            value={role.isPending ? role.variables : user.role}
            disabled={role.isPending}
            onChange={(e) => role.mutate(e.target.value as User["role"])}
            data-testid="teammate-role"
          >
            {roles
              .filter((r) => r !== "owner" || me.role === "owner")
              .map((r) => (
                <option key={r} value={r}>
                  {shortRole[r]}
                </option>
              ))}
          </select>
        )}
      </td>
      <td data-testid="teammate-status">
        {user.deactivatedAt ? <span className="st-badge st-badge-danger">Deactivated</span> : <span className="adm-active">Active</span>}
        {lockedUntil && !user.deactivatedAt && (
          <div className="adm-locked">
            <span className="adm-small">Locked until {lockedUntil.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} after failed sign-ins</span>
            {!locked && (
              <button type="button" className="st-btn st-btn-small" disabled={unlock.isPending} onClick={() => unlock.mutate()} data-testid="unlock">
                Unlock
              </button>
            )}
          </div>
        )}
      </td>
      <td>
        {locked ? (
          <span className="st-hint">{why}</span>
        ) : user.deactivatedAt ? (
          <button type="button" className="st-btn st-btn-small" disabled={active.isPending} onClick={() => active.mutate(false)} data-testid="reactivate">
            Reactivate
          </button>
        ) : (
          <ConfirmButton
            label="Deactivate"
            question={`Deactivate ${user.name}? They are signed out everywhere and cannot sign in.`}
            confirmLabel="Deactivate"
            busy={active.isPending}
            onConfirm={() => active.mutate(true)}
            testId="deactivate"
          />
        )}
        <FormError error={role.error ?? active.error ?? unlock.error} />
      </td>
    </tr>
  );
}
