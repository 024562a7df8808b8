// Sign-in form of the options page: server URL, email, password. Refuses plain http:// to another machine
// (src/sync/server-url.ts, checked again by the worker), then asks for the server's host permission (a
// self-hosted https server needs it; localhost is granted by the manifest). Says which unsent texts wait.
import { useState, type FormEvent } from "react";
import { ensureOriginPermission } from "../platform/permissions";
import type { WaitingToSend } from "../protocol/snapshots";
import { refusedServerReason } from "../sync/server-url";
import { useClient } from "../ui/common/client-context";

const DEFAULT_SERVER_URL = "http://localhost:8787";

const texts = (n: number) => (n === 1 ? "1 text waits" : `${n} texts wait`);

export function SignInForm({ reason, initialServerUrl, waiting = [] }: { reason: string | null; initialServerUrl: string | null; waiting?: WaitingToSend[] }) {
  const { send } = useClient();
  const [serverUrl, setServerUrl] = useState(initialServerUrl ?? waiting[0]?.serverUrl ?? DEFAULT_SERVER_URL);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const refused = refusedServerReason(serverUrl.trim());
    if (refused) return setError(refused);
    const url = new URL(serverUrl.trim());
    setPending(true);
    try {
      if (!(await ensureOriginPermission(url.origin))) {
        return setError(`Sidetext needs permission to reach ${url.origin}. Allow it to sign in.`);
      }
      const res = await send({ type: "auth.signIn", serverUrl: url.origin, email: email.trim(), password });
      if (!res.ok) setError(res.error.code === "unauthorized" ? "Wrong email or password." : res.error.message);
      else setPassword("");
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="opt-card" onSubmit={submit} aria-busy={pending}>
      <h2>Sign in</h2>
      {reason && <p className="opt-note">{reason}</p>}
      {waiting.map((w) => (
        <p className="opt-note" data-testid="waiting-to-send" key={`${w.serverUrl}|${w.email}`}>
          {texts(w.count)} to be sent after you sign in as {w.email} ({w.serverUrl}).
        </p>
      ))}
      <label>
        Server address
        <input data-testid="server-url" type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="url" />
      </label>
      <label>
        Email
        <input data-testid="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" autoFocus />
      </label>
      <label>
        Password
        <input data-testid="password" type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      {error && (
        <p className="opt-error" role="alert">
          {error}
        </p>
      )}
      <button data-testid="sign-in" className="opt-primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
