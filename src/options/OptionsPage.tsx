// The options page: sign in when signed out; otherwise the account, its connection and preferences.
import { useTopicState } from "../ui/common/runtime-client";
import { AccountPanel } from "./AccountPanel";
import { ConnectionBadge } from "./ConnectionBadge";
import { EnabledSites } from "./EnabledSites";
import { PageDiagnostics } from "./PageDiagnostics";
import { SettingsPanel } from "./SettingsPanel";
import { SignInForm } from "./SignInForm";

export function OptionsPage() {
  const session = useTopicState({ type: "session" });
  return (
    <main className="opt-page">
      <header className="opt-header">
        <div className="opt-logo" aria-hidden="true">
          S
        </div>
        <div>
          <h1>Sidetext</h1>
          <p className="opt-muted">Your team's shared SMS inbox, beside the CRM record.</p>
        </div>
      </header>
      {session.status === "loading" && (
        <p className="opt-muted" role="status">
          Loading…
        </p>
      )}
      {session.status === "error" && !session.data && (
        <p className="opt-error" role="alert">
          Could not reach the Sidetext background worker: {session.error.message}
        </p>
      )}
      {session.data &&
        (session.data.user ? (
          <AccountPanel session={session.data} />
        ) : (
          <>
            <ConnectionBadge connection={session.data.connection} />
            <SignInForm
              reason={session.data.connection.state === "signed_out" ? null : session.data.connection.reason}
              initialServerUrl={session.data.serverUrl}
              waiting={session.data.waitingToSend}
            />
          </>
        ))}
      {session.data && <SettingsPanel settings={session.data.settings} />}
      <EnabledSites />
      <PageDiagnostics />
    </main>
  );
}
