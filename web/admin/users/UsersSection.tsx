// Users: who is in the workspace with role and status, invites by link, pending invites to revoke.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useAdmin } from "../admin-context";
import { ConfirmButton, FormError, QueryGate } from "../parts";
import { INVITES, TEAMMATES } from "../queries";
import { InviteForm } from "./InviteForm";
import { TeammateRow } from "./TeammateRow";

export function UsersSection() {
  const { api } = useAdmin();
  const teammates = useQuery({ queryKey: TEAMMATES, queryFn: api.teammates });
  return (
    <section aria-labelledby="adm-users-title" className="adm-section">
      <h2 id="adm-users-title">Users</h2>
      <InviteForm />
      <PendingInvites />
      <QueryGate what="teammates" isPending={teammates.isPending} error={teammates.error} retry={() => teammates.refetch()}>
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="teammates">
            <caption className="st-sr">Teammates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {teammates.data?.map((u) => (
                <TeammateRow key={u.id} user={u} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryGate>
    </section>
  );
}

function PendingInvites() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const invites = useQuery({ queryKey: INVITES, queryFn: api.invites });
  const revoke = useMutation({ mutationFn: api.revokeInvite, onSettled: () => queries.invalidateQueries({ queryKey: INVITES }) });
  const pending = invites.data?.filter((i) => i.state === "pending") ?? [];
  if (invites.error) return <FormError error={new Error(`Could not load the invites: ${invites.error.message}`)} />;
  if (pending.length === 0) return null;
  return (
    <div className="adm-card">
      <h3>Invited, not joined yet</h3>
      <ul className="adm-list" aria-label="Pending invites">
        {pending.map((i) => (
          <li key={i.id} className="adm-row" data-testid="pending-invite">
            <span>
              {i.email}{" "}
              <span className="is-muted">
                · {i.role} · link works until {new Date(i.expiresAt).toLocaleDateString()}
              </span>
            </span>
            <ConfirmButton
              label="Revoke"
              question={`Revoke the invite for ${i.email}? Their link stops working.`}
              confirmLabel="Revoke"
              busy={revoke.isPending}
              onConfirm={() => revoke.mutate(i.id)}
              testId="revoke-invite"
            />
          </li>
        ))}
      </ul>
      <FormError error={revoke.error} />
    </div>
  );
}
