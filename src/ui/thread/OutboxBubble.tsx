// A send the worker holds: pending until the server acknowledges, or failed with Retry / Discard.
import { bubbleTime } from "../common/format";
import type { OutboxItem } from "../../protocol/snapshots";

export function OutboxBubble({ item, onRetry, onDiscard }: { item: OutboxItem; onRetry(id: string): void; onDiscard(id: string): void }) {
  const failed = item.state === "failed";
  const status = failed ? "failed" : "queued";
  return (
    <div className="st-bubble-row is-out" data-testid="message" data-status={status}>
      <div className={`st-bubble st-bubble-out is-pending ${failed ? "is-failed" : ""}`}>
        <p className="st-bubble-text">{item.body}</p>
      </div>
      <div className="st-bubble-meta">
        {bubbleTime(item.createdAt)}
        <span className={`st-status st-status-${status}`}> · {failed ? "Not sent" : "Queued"}</span>
      </div>
      {failed && (
        <div className="st-bubble-error" role="alert">
          {item.error?.message ?? "Could not reach the server."}
          <button type="button" className="st-link" onClick={() => onRetry(item.clientId)}>
            Retry
          </button>
          <button type="button" className="st-link" onClick={() => onDiscard(item.clientId)}>
            Discard
          </button>
        </div>
      )}
    </div>
  );
}
