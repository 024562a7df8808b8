// Sign-in form of the options page: server URL, email, password. Asks for the server's host permission
// first (a self-hosted https server needs it; localhost is granted by the manifest).
import { useState, type FormEvent } from "react";
import { ensureOriginPermission } from "../platform/permissions";
import { send } from "../ui/client";

export const DEFAULT_SERVER_URL = "http://localhost:8787";

export function SignInForm({ reason, initialServerUrl }: { reason: string | null; initialServerUrl: string | null }) {
  const [serverUrl, setServerUrl] = useState(initialServerUrl ?? DEFAULT_SERVER_URL);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let url: URL;
    try {
      url = new URL(serverUrl.trim());
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
    } catch {
      return setError("Enter the server address, like https://inbox.example.com or http://localhost:8787.");
    }
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
      {error && <p className="opt-error" role="alert">{error}</p>}
      <button data-testid="sign-in" className="opt-primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
