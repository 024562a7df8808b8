// A send the worker holds: pending until the server acknowledges, or failed with Retry / Discard.
import { bubbleTime } from "./format";
import type { OutboxItem } from "./types";

export function OutboxBubble({ item, onRetry, onDiscard }: { item: OutboxItem; onRetry(id: string): void; onDiscard(id: string): void }) {
  const failed = item.state === "failed";
  const status = failed ? "failed" : "queued";
  const isNote = item.kind === "note";
  return (
    <div className={`st-bubble-row is-out ${isNote ? "is-note" : ""}`} data-testid={isNote ? "note" : "message"} data-status={isNote ? undefined : status}>
      <div className={`${isNote ? "st-note" : "st-bubble st-bubble-out"} is-pending ${failed ? "is-failed" : ""}`}>
        <p className="st-bubble-text">{item.body}</p>
      </div>
      <div className="st-bubble-meta">
        {bubbleTime(item.createdAt)}
        <span className={`st-status st-status-${status}`}> · {failed ? "Not sent" : "Queued"}</span>
      </div>
      {failed && (
        <div className="st-bubble-error" role="alert">
          {item.error ?? "Could not reach the server."}
          <button type="button" className="st-link" onClick={() => onRetry(item.id)}>Retry</button>
          <button type="button" className="st-link" onClick={() => onDiscard(item.id)}>Discard</button>
        </div>
      )}
    </div>
  );
}
