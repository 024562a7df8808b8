// Inviting a teammate by link: an email and a role; the link is shown this once, to copy and send however
// the team talks (mailed too when the server has SMTP).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { roles, type User } from "../../../src/protocol/entities";
import { useAdmin } from "../admin-context";
import { CopyButton, Field, FormError, useFocusOnShow } from "../parts";
import { INVITES } from "../queries";
import { roleNames } from "./roles";

export function InviteForm() {
  const { api, me } = useAdmin();
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<User["role"]>("agent");
  const invite = useMutation({
    mutationFn: () => api.createInvite(email, role),
    onSuccess: () => {
      setEmail("");
      void queries.invalidateQueries({ queryKey: INVITES });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const made = invite.data;
  // The link is shown once: focused (and so selected) at once, ready to copy from the keyboard.
  const linkRef = useFocusOnShow<HTMLInputElement>(made?.url);
  return (
    <form className="adm-form adm-card" onSubmit={submit} data-testid="invite-user" aria-labelledby="adm-invite-title">
      <h3 id="adm-invite-title">Invite a teammate</h3>
      <div className="adm-grid-2">
        <Field label="Email">{(id) => <input id={id} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label="Role">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as User["role"])}>
              {roles
                .filter((r) => r !== "owner" || me.role === "owner")
                .map((r) => (
                  <option key={r} value={r}>
                    {roleNames[r]}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" className="st-btn st-btn-primary" disabled={invite.isPending}>
        {invite.isPending ? "Making the link…" : "Make invite link"}
      </button>
      <FormError error={invite.error} />
      {made && (
        <div className="adm-notice" role="status" data-testid="invite-link">
          <Field
            label={`Invite link for ${made.invite.email}`}
            hint={`Shown this once: copy it now and send it to them. It works until ${new Date(made.invite.expiresAt).toLocaleDateString()}.${made.mailed ? " It was also emailed." : made.mailError ? ` Emailing it failed: ${made.mailError}` : ""}`}
          >
            {(id) => (
              <div className="adm-copy-row">
                <input id={id} ref={linkRef} readOnly value={made.url} onFocus={(e) => e.target.select()} data-testid="invite-url" />
                <CopyButton text={made.url} label="Copy the invite link" testId="copy-invite-url" />
              </div>
            )}
          </Field>
        </div>
      )}
    </form>
  );
}
