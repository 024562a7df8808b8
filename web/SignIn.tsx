// The web app's sign-in: email and password for the server this page came from. The hosted worker signs in
// (auth.signIn, as the extension's options page does) and keeps the session in IndexedDB like the extension.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useClient } from "~src/ui/common/client-context";
import type { WaitingToSend } from "~src/protocol/snapshots";

interface Props {
  /** Why the rep is signed out (expired session), when it is worth saying. */
  reason: string | null;
  waiting?: WaitingToSend[];
}

const texts = (n: number) => (n === 1 ? "1 text waits" : `${n} texts wait`);

export function SignIn({ reason, waiting = [] }: Props) {
  const { send } = useClient();
  const [email, setEmail] = useState(waiting[0]?.email ?? "");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  // The screen is only this form: start in its first field.
  useEffect(() => emailRef.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const res = await send({ type: "auth.signIn", serverUrl: location.origin, email: email.trim(), password });
    setPending(false);
    if (res.ok) setPassword("");
    else if (res.error.code === "unauthorized") setError("Wrong email or password. Check both and try again.");
    else if (res.error.code === "network") setError("Sidetext's server did not answer. Check your connection and try again.");
    else setError(res.error.message);
  }

  return (
    <main className="web-sign-in">
      <form className="web-card" data-testid="web-sign-in" onSubmit={submit} aria-busy={pending} aria-labelledby="web-sign-in-title">
        <div className="web-logo" aria-hidden="true">
          S
        </div>
        <h1 id="web-sign-in-title">Sign in to Sidetext</h1>
        <p className="web-muted">Your team's shared SMS inbox on {location.host}.</p>
        {reason && (
          <p className="web-note" role="status">
            {reason}
          </p>
        )}
        {waiting.map((w) => (
          <p className="web-note" data-testid="waiting-to-send" key={`${w.serverUrl}|${w.email}`}>
            {texts(w.count)} to be sent after you sign in as {w.email}.
          </p>
        ))}
        <label className="web-field">
          Email
          <input data-testid="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" ref={emailRef} />
        </label>
        <label className="web-field">
          Password
          <input
            data-testid="password"
            type="password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        {error && (
          <p className="web-error" role="alert">
            {error}
          </p>
        )}
        <button data-testid="sign-in" className="st-btn st-btn-primary web-wide" type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
