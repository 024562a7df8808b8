// Under a message: where it stands in each connected CRM ("Logged to HubSpot ✓", "Logging to HubSpot…",
// "Not logged to HubSpot: <why> — Retry"). The CRM's error is shown as text, never as HTML.
import type { CrmLogStatus as Status } from "../../protocol/crm";

const names: Record<Status["provider"], string> = { hubspot: "HubSpot", salesforce: "Salesforce", pipedrive: "Pipedrive" };

export function CrmLogStatus({ log, onRetry }: { log: Status[]; onRetry?: (messageId: string) => void }) {
  if (log.length === 0) return null;
  return (
    <div className="st-crm-log" data-testid="crm-log-status">
      {log.map((l) => (
        <span key={l.connectionId} className={`st-crm-log-${l.status}`} data-status={l.status}>
          {l.status === "logged" && `Logged to ${names[l.provider]} ✓`}
          {l.status === "pending" && (l.error ? `Retrying ${names[l.provider]}: ${l.error}` : `Logging to ${names[l.provider]}…`)}
          {l.status === "failed" && (
            <>
              {`Not logged to ${names[l.provider]}: ${l.error ?? "unknown error"} — `}
              {onRetry && (
                <button type="button" className="st-link" onClick={() => onRetry(l.entityId)}>
                  Retry
                </button>
              )}
            </>
          )}
        </span>
      ))}
    </div>
  );
}
