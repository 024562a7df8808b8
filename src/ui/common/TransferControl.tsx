// "Transfer…" in a thread's header (issue 18): move the conversation to an inbox of another location. The
// choice says plainly when replies will come from another number than the customer has been texting.
import { useEffect, useRef, useState } from "react";
import { formatPhone } from "../../core/phone";
import type { Conversation } from "../../protocol/entities";
import type { TransferTarget } from "../../protocol/locations";
import { useClient } from "./client-context";

interface Props {
  conversation: Conversation;
  /** Told once it moved (the rep may no longer see it). */
  onTransferred?(where: string): void;
}

type Targets = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; targets: TransferTarget[] };

export function TransferControl({ conversation, onTransferred }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <span className="st-transfer" style={{ position: "relative" }}>
      <button type="button" className="st-btn st-btn-small" data-testid="transfer-open" aria-expanded={open} onClick={() => setOpen(!open)}>
        Transfer…
      </button>
      {open && (
        <TransferChooser
          conversation={conversation}
          onClose={() => setOpen(false)}
          onDone={(where) => {
            setOpen(false);
            onTransferred?.(where);
          }}
        />
      )}
    </span>
  );
}

function TransferChooser({ conversation, onClose, onDone }: { conversation: Conversation; onClose(): void; onDone(where: string): void }) {
  const client = useClient();
  const [targets, setTargets] = useState<Targets>({ state: "loading" });
  const [inboxId, setInboxId] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  const load = () => {
    setTargets({ state: "loading" });
    void client
      .send({ type: "transfer.targets" })
      .then((r) => setTargets(r.ok ? { state: "ready", targets: r.data.targets } : { state: "error", message: r.error.message }));
  };
  useEffect(load, [client]);
  const ready = targets.state === "ready";
  useEffect(() => {
    if (ready) select.current?.focus();
  }, [ready]);
  const all = targets.state === "ready" ? targets.targets : [];
  const from = all.find((t) => t.inboxId === conversation.inboxId);
  const choices = all.filter((t) => t.inboxId !== conversation.inboxId);
  const to = choices.find((t) => t.inboxId === inboxId);
  const move = async () => {
    if (!to) return;
    setSending(true);
    const r = await client.send({ type: "conversation.transfer", conversationId: conversation.id, inboxId: to.inboxId });
    setSending(false);
    if (r.ok) onDone(`${to.inboxName} (${to.locationName})`);
    else setError(r.error.message);
  };
  return (
    <div
      className="st-popover"
      role="dialog"
      aria-label="Transfer to another location"
      data-testid="transfer-dialog"
      onKeyDown={(e) => e.key === "Escape" && onClose()}
    >
      <div className="st-popover-title">Transfer to another location</div>
      {targets.state === "loading" && <span role="status">Loading locations…</span>}
      {targets.state === "error" && (
        <div className="st-banner st-banner-danger" role="alert">
          <span>Could not load the locations: {targets.message}</span>
          <button type="button" className="st-btn st-btn-small" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {targets.state === "ready" && choices.length === 0 && <span>There is no other inbox to transfer to.</span>}
      {choices.length > 0 && (
        <label className="st-control" style={{ display: "flex" }}>
          <span className="st-sr">Transfer to</span>
          <select ref={select} style={{ flex: 1 }} data-testid="transfer-target" value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
            <option value="">Choose an inbox…</option>
            {choices.map((t) => (
              <option key={t.inboxId} value={t.inboxId}>
                {t.locationName} · {t.inboxName}
              </option>
            ))}
          </select>
        </label>
      )}
      {to && from && to.phoneNumber !== from.phoneNumber && (
        <div className="st-banner st-banner-warn" role="status" data-testid="transfer-warning">
          Replies will come from {formatPhone(to.phoneNumber)} ({to.inboxName}), not {formatPhone(from.phoneNumber)}: the customer sees a new number.
        </div>
      )}
      {error && (
        <div className="st-banner st-banner-danger" role="alert" data-testid="transfer-error">
          Not transferred: {error}
        </div>
      )}
      <div style={{ display: "flex", gap: 6, justifyContent: "flex-end" }}>
        <button type="button" className="st-btn st-btn-small" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="st-btn st-btn-small st-btn-primary"
          data-testid="transfer-confirm"
          disabled={!to || sending}
          onClick={() => void move()}
        >
          {sending ? "Transferring…" : "Transfer"}
        </button>
      </div>
    </div>
  );
}
