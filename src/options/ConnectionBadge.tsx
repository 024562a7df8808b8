// The connection state in words: live, polling, offline or signed out, with the reason.
import type { ConnectionState } from "../protocol/messages";

const labels: Record<ConnectionState["state"], string> = {
  live: "Live",
  polling: "Polling",
  offline: "Offline",
  signed_out: "Signed out",
};

export function ConnectionBadge({ connection }: { connection: ConnectionState }) {
  return (
    <p className="opt-connection" data-testid="connection-state" data-state={connection.state} role="status">
      <span className={`opt-dot opt-dot-${connection.state}`} aria-hidden="true" />
      <strong>{labels[connection.state]}</strong>
      {connection.reason && <span className="opt-muted"> — {connection.reason}</span>}
      {connection.state === "live" && <span className="opt-muted"> — updates arrive as they happen.</span>}
    </p>
  );
}
