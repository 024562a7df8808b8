// Signed in: who, where, and how the connection is; sign out.
import { useState } from "react";
import type { SessionSnapshot } from "../protocol/messages";
import { useClient } from "../ui/common/client-context";
import { clearUserStorage } from "../ui/common/user-storage";
import { ConnectionBadge } from "./ConnectionBadge";

export function AccountPanel({ session }: { session: SessionSnapshot }) {
  const { send } = useClient();
  const [pending, setPending] = useState(false);
  const user = session.user!;
  async function signOut() {
    setPending(true);
    await send({ type: "auth.signOut" });
    clearUserStorage();
    setPending(false);
  }
  return (
    <section className="opt-card">
      <h2>Account</h2>
      <div className="opt-who">
        <div className="opt-avatar" aria-hidden="true">
          {user.name.trim().charAt(0).toUpperCase() || "?"}
        </div>
        <div>
          <div className="opt-name" data-testid="signed-in-user">
            {user.name}
          </div>
          <div className="opt-muted">
            {user.email} · {session.serverUrl}
          </div>
        </div>
      </div>
      <ConnectionBadge connection={session.connection} />
      <button type="button" data-testid="sign-out" className="opt-secondary" onClick={signOut} disabled={pending}>
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </section>
  );
}
