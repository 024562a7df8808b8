// Open / pending / snooze until… / resolved, plus a one-click Resolve (or Reopen) button.
import { useState } from "react";
import type { Conversation } from "../../protocol/entities";
import { fullTime, toLocalInput } from "../common/format";
import { snoozePresets } from "./snooze";
import type { ConversationPatch } from "../../protocol/api";

interface Props {
  conversation: Pick<Conversation, "status" | "snoozedUntil">;
  disabled?: boolean;
  onChange(patch: ConversationPatch): void;
}

export function StatusControl({ conversation, disabled, onChange }: Props) {
  const [snoozing, setSnoozing] = useState(false);
  const [custom, setCustom] = useState(() => toLocalInput(new Date(Date.now() + 86_400_000)));
  const snooze = (until: Date) => {
    setSnoozing(false);
    onChange({ status: "snoozed", snoozedUntil: until.toISOString() });
  };
  const resolved = conversation.status === "resolved";
  return (
    <div className="st-status-control">
      <label className="st-control">
        <span className="st-sr">Status</span>
        <select
          data-testid="status"
          value={snoozing ? "snoozed" : conversation.status}
          disabled={disabled}
          title={conversation.status === "snoozed" && conversation.snoozedUntil ? `Snoozed until ${fullTime(conversation.snoozedUntil)}` : undefined}
          onChange={(e) => {
            const status = e.target.value as Conversation["status"];
            if (status === "snoozed") setSnoozing(true);
            else {
              setSnoozing(false);
              onChange({ status });
            }
          }}
        >
          <option value="open">Open</option>
          <option value="pending">Pending</option>
          <option value="snoozed">Snoozed…</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      <button
        type="button"
        className="st-btn st-btn-small"
        data-testid="resolve"
        disabled={disabled}
        onClick={() => onChange({ status: resolved ? "open" : "resolved" })}
      >
        {resolved ? "Reopen" : "Resolve"}
      </button>
      {snoozing && (
        <div
          className="st-popover"
          role="dialog"
          aria-label="Snooze until"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              setSnoozing(false);
            }
          }}
        >
          <div className="st-popover-title">Snooze until</div>
          {snoozePresets().map((p) => (
            <button key={p.label} type="button" className="st-menu-item" onClick={() => snooze(p.until)}>
              {p.label}
            </button>
          ))}
          <form
            className="st-hstack"
            onSubmit={(e) => {
              e.preventDefault();
              if (custom) snooze(new Date(custom));
            }}
          >
            <input
              type="datetime-local"
              aria-label="Snooze until date and time"
              value={custom}
              min={toLocalInput(new Date())}
              onChange={(e) => setCustom(e.target.value)}
            />
            <button type="submit" className="st-btn st-btn-small">
              Snooze
            </button>
          </form>
          <button type="button" className="st-link" onClick={() => setSnoozing(false)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
