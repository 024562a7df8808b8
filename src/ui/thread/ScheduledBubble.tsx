// One scheduled text in the thread: when it goes (the rep's time and the recipient's), Edit and Cancel while it
// waits; once cancelled or failed, why ("cancelled: the customer replied"). Text is rendered as text.
import { useState } from "react";
import type { ScheduledSend } from "../../protocol/scheduled-sends";
import { theirTime } from "./PresendCheck";

interface Props {
  scheduled: ScheduledSend;
  timeZone: string | undefined;
  onCancel(): void;
  onChange(change: { body?: string; sendAt?: string }): void;
}

const mine = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

export function ScheduledBubble({ scheduled: s, timeZone, onCancel, onChange }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const waiting = s.status === "pending";
  return (
    <li className={`st-later-bubble is-${s.status}`} data-testid="scheduled-send" data-status={s.status}>
      {editing === null ? (
        <div className="st-later-body">{s.body}</div>
      ) : (
        <textarea
          className="st-composer-input"
          aria-label="Scheduled text"
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
        />
      )}
      <div className="st-later-meta">
        {waiting ? `Scheduled for ${mine(s.sendAt)}${timeZone ? ` · ${theirTime(s.sendAt, timeZone)} their time` : ""}` : (s.reason ?? s.status)}
        {waiting && editing === null && (
          <>
            <button type="button" className="st-link" onClick={() => setEditing(s.body)}>
              Edit
            </button>
            <button type="button" className="st-link" data-testid="scheduled-cancel" onClick={onCancel}>
              Cancel
            </button>
          </>
        )}
        {waiting && editing !== null && (
          <>
            <button
              type="button"
              className="st-link"
              disabled={!editing.trim()}
              onClick={() => {
                onChange({ body: editing.trim() });
                setEditing(null);
              }}
            >
              Save
            </button>
            <button type="button" className="st-link" onClick={() => setEditing(null)}>
              Keep as it was
            </button>
          </>
        )}
      </div>
    </li>
  );
}
