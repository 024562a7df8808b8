// Says when Sidetext cannot reach the team's inbox, and what to do about it. The cache stays on screen.
import type { SessionInfo } from "./types";

interface Props {
  session: SessionInfo | null | undefined;
  onSignIn?(): void;
  onRetry?(): void;
}

export function StatusBanner({ session, onSignIn, onRetry }: Props) {
  if (!session || session.connection.state === "live") return null;
  const { state, reason: why } = session.connection;
  const reason = why ? ` (${why})` : "";
  switch (state) {
    case "signed_out":
      return (
        <div className="st-banner st-banner-danger" role="alert" data-testid="status-banner" data-state="signed_out">
          <span>You are signed out of Sidetext. Showing what was cached; sending is off.</span>
          {onSignIn && (
            <button type="button" className="st-btn st-btn-small" onClick={onSignIn}>
              Sign in
            </button>
          )}
        </div>
      );
    case "offline":
      return (
        <div className="st-banner st-banner-warn" role="status" data-testid="status-banner" data-state="offline">
          <span>
            Offline{why ? ` — ${why}` : ": Sidetext cannot reach its server"}. Showing cached messages; replies are queued and go out when the connection is
            back. Check your network or the server address in Settings.
          </span>
          {onRetry && (
            <button type="button" className="st-btn st-btn-small" onClick={onRetry}>
              Retry now
            </button>
          )}
        </div>
      );
    case "polling":
      return (
        <div className="st-banner st-banner-info" role="status" data-testid="status-banner" data-state="polling">
          <span>Live updates are paused; checking for new messages every few seconds{reason}.</span>
        </div>
      );
  }
}
