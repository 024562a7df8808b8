// A rep's send inside quiet hours where the recipient is asks first (issue 17): "It's 22:40 for Jordan —
// send anyway, or send when it opens at 08:00" (scheduled on the server, as Send later does). Enter and the
// Send button both come here; outside quiet hours, or in a view without a worker, the send goes at once.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { RecipientCheck } from "../../protocol/scheduled-sends";
import { useOptionalClient } from "../common/client-context";
import { theirTime, useRecipient } from "./PresendCheck";

interface Options {
  conversationId: string | undefined;
  /** Who the text goes to, as the rep knows them ("Jordan"). */
  who: string;
  send(body: string): void;
  /** The draft went to Send later instead: the composer clears it. */
  scheduled(): void;
  canSchedule: boolean;
}

/** `submit(body)` sends, or first asks when it is quiet hours for the recipient; `prompt` is the question. */
export function useQuietHoursConfirm({ conversationId, who, send, scheduled, canSchedule }: Options): { submit(body: string): void; prompt: ReactNode } {
  const client = useOptionalClient();
  const recipient = useRecipient(client ? conversationId : undefined);
  const [asking, setAsking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const quiet = recipient?.inQuietHours && recipient.localTime ? recipient : null;
  const submit = (body: string) => {
    if (!quiet) return send(body);
    setError(null);
    setAsking(body);
  };
  const sendLater = async (body: string, sendAt: string) => {
    if (!client || !conversationId) return;
    const r = await client.send({ type: "scheduled.create", conversationId, body, sendAt, cancelOn: ["customerReply"] });
    if (!r.ok) return setError(r.error.message);
    setAsking(null);
    scheduled();
  };
  const prompt =
    asking === null || !quiet ? null : (
      <QuietHoursPrompt
        recipient={quiet}
        who={who}
        error={error}
        onSendAnyway={() => {
          setAsking(null);
          send(asking);
        }}
        onSendWhenOpen={quiet.opensAt && canSchedule ? () => void sendLater(asking, quiet.opensAt as string) : null}
        onCancel={() => setAsking(null)}
      />
    );
  return { submit, prompt };
}

interface PromptProps {
  recipient: RecipientCheck;
  who: string;
  error: string | null;
  onSendAnyway(): void;
  onSendWhenOpen: (() => void) | null;
  onCancel(): void;
}

function QuietHoursPrompt({ recipient, who, error, onSendAnyway, onSendWhenOpen, onCancel }: PromptProps) {
  const first = useRef<HTMLButtonElement>(null);
  // The safe choice has the focus: Enter pressed again out of habit schedules rather than wakes them.
  useEffect(() => first.current?.focus(), []);
  const zone = recipient.timeZones[0];
  const opens = recipient.opensAt ? theirTime(recipient.opensAt, zone) : null;
  return (
    <div
      className="st-quiet-confirm"
      role="alertdialog"
      aria-labelledby="st-quiet-confirm-text"
      data-testid="quiet-hours-confirm"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <p id="st-quiet-confirm-text">
        {`It's ${recipient.localTime} for ${who} (${recipient.timeZones.join(" / ")}), outside the ${recipient.quietHours.from}–${recipient.quietHours.to} texting window.`}
      </p>
      {error && <p role="alert">{error}</p>}
      <div className="st-hstack">
        {onSendWhenOpen && opens && (
          <button ref={first} type="button" className="st-btn st-btn-primary" data-testid="quiet-send-later" onClick={onSendWhenOpen}>
            {`Send when it opens (${opens} their time)`}
          </button>
        )}
        <button ref={onSendWhenOpen ? undefined : first} type="button" className="st-btn" data-testid="quiet-send-anyway" onClick={onSendAnyway}>
          Send anyway
        </button>
        <button type="button" className="st-btn st-btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
