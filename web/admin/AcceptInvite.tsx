// #/invite/<token>: joining through an invite link. The invitee picks the name teammates see and a password;
// the invite's own session is handed back at once, and `onJoined` signs in with the new password the way the
// app always does (web/admin/JoinByInvite.tsx: through the hosted worker, which keeps the session).
import { QueryClient, QueryClientProvider, useMutation } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import type { User } from "../../src/protocol/entities";
import { createAdminApi } from "./admin-api";
import { Field, FormError } from "./parts";
import "./admin.css";

interface AcceptInviteProps {
  baseUrl: string;
  inviteToken: string;
  onJoined: (account: { user: User; password: string }) => Promise<void> | void;
  fetch?: typeof fetch;
}

export function AcceptInvite(props: AcceptInviteProps) {
  const [queries] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queries}>
      <AcceptInviteForm {...props} />
    </QueryClientProvider>
  );
}

function AcceptInviteForm({ baseUrl, inviteToken, onJoined, fetch }: AcceptInviteProps) {
  const api = useMemo(() => createAdminApi({ baseUrl, fetch }), [baseUrl, fetch]);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const join = useMutation({
    mutationFn: async () => {
      const joined = await api.acceptInvite(inviteToken, name, password);
      // One session per sign-in: the app signs in again below, so this one ends rather than lingering unused.
      await createAdminApi({ baseUrl, token: joined.token, fetch }).signOut();
      await onJoined({ user: joined.user, password });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== again);
    if (password === again) join.mutate();
  };
  return (
    <div className="adm adm-join">
      <form className="adm-form adm-card" onSubmit={submit} data-testid="accept-invite" aria-labelledby="adm-join-title">
        <h1 id="adm-join-title">Join your team on Sidetext</h1>
        <p className="is-muted">You were invited to the team's shared SMS inbox. Choose how teammates see you and a password.</p>
        <Field label="Your name">
          {(id) => <input id={id} required maxLength={100} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Password" hint="At least 8 characters.">
          {(id) => (
            <input id={id} type="password" required minLength={8} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <Field label="Password again">
          {(id) => <input id={id} type="password" required autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
        </Field>
        {mismatch && (
          <p className="adm-error" role="alert">
            The two passwords differ: type the same one twice.
          </p>
        )}
        <FormError error={join.error} />
        <button type="submit" className="st-btn st-btn-primary" disabled={join.isPending}>
          {join.isPending ? "Joining…" : "Join and sign in"}
        </button>
      </form>
    </div>
  );
}
