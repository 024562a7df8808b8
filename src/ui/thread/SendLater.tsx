// "Send later" under the reply box (panel, popup, web app): pick a time — shown in the recipient's own time
// too — and whether their reply cancels it; the send waits on the server and shows here as a scheduled
// bubble with Edit and Cancel until it goes, or says why it was cancelled. The pre-send check sits with it.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ScheduledSend } from "../../protocol/scheduled-sends";
import { useClient, useOptionalClient } from "../common/client-context";
import { PresendCheck, theirTime, useRecipient } from "./PresendCheck";
import { ScheduledBubble } from "./ScheduledBubble";

interface Props {
  conversationId: string;
  draft: string;
  onDraftChange(text: string): void;
}

/** A datetime-local value (the rep's own clock) for `ms`. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const HOUR_MS = 3_600_000;

function SendLaterWithClient({ conversationId, draft, onDraftChange }: Props) {
  const client = useClient();
  const recipient = useRecipient(conversationId);
  const [list, setList] = useState<ScheduledSend[] | null>(null);
  const [open, setOpen] = useState(false);
  const [when, setWhen] = useState(() => localInput(Date.now() + HOUR_MS));
  const [cancelOnReply, setCancelOnReply] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const r = await client.send({ type: "scheduled.list", conversationId });
    if (r.ok) setList(r.data.scheduled.filter((s) => s.status !== "sent"));
  }, [client, conversationId]);
  // A new message (the customer's reply, the send itself going out) may have changed what waits.
  const thread = client.useSubscription(useMemo(() => ({ type: "thread" as const, conversationId }), [conversationId]));
  const lastMessageAt = thread?.conversation?.lastMessageAt;
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastMessageAt is the reason to look again.
  useEffect(() => {
    void refresh();
  }, [refresh, lastMessageAt]);

  const schedule = async (sendAt: string) => {
    setError(null);
    const body = draft.trim();
    if (!body) return setError("Write the text first, then pick when it goes.");
    const r = await client.send({ type: "scheduled.create", conversationId, body, sendAt, cancelOn: cancelOnReply ? ["customerReply"] : [] });
    if (!r.ok) return setError(r.error.message);
    onDraftChange("");
    setOpen(false);
    await refresh();
  };
  const act = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const r = await p;
    setError(r.ok ? null : (r.error?.message ?? "That did not work"));
    await refresh();
  };

  const zone = recipient?.timeZones[0];
  const chosen = new Date(when);
  const valid = !Number.isNaN(chosen.getTime()) && chosen.getTime() > Date.now();
  return (
    <div className="st-later">
      <PresendCheck conversationId={conversationId} text={draft} onReplace={onDraftChange} onSendAt={(at) => void schedule(at)} />
      {list && list.length > 0 && (
        <ul className="st-later-list" aria-label="Scheduled texts">
          {list.map((s) => (
            <ScheduledBubble
              key={s.id}
              scheduled={s}
              timeZone={zone}
              onCancel={() => act(client.send({ type: "scheduled.cancel", id: s.id }))}
              onChange={(change) => act(client.send({ type: "scheduled.change", id: s.id, ...change }))}
            />
          ))}
        </ul>
      )}
      {error && (
        <div className="st-composer-blocked" role="alert">
          {error}
        </div>
      )}
      {!open ? (
        <button type="button" className="st-btn st-btn-ghost" data-testid="send-later" onClick={() => setOpen(true)} disabled={!draft.trim()}>
          Send later…
        </button>
      ) : (
        <form
          className="st-later-form"
          data-testid="send-later-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) void schedule(chosen.toISOString());
          }}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          <label>
            Send at <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-label="When to send" required />
          </label>
          <span className="st-later-theirs" data-testid="recipient-time">
            {!valid ? "Pick a time in the future" : zone ? `${theirTime(chosen.toISOString(), zone)} for them (${zone})` : "Their time zone is unknown"}
          </span>
          <label>
            <input type="checkbox" checked={cancelOnReply} onChange={(e) => setCancelOnReply(e.target.checked)} /> Cancel if they reply first
          </label>
          <button type="submit" className="st-btn st-btn-primary" disabled={!valid}>
            Schedule
          </button>
          <button type="button" className="st-btn st-btn-ghost" onClick={() => setOpen(false)}>
            Close
          </button>
        </form>
      )}
    </div>
  );
}

/** Only inside a view with a worker behind it; a thread shown without one (a component test) goes without. */
export function SendLater(props: Props) {
  return useOptionalClient() ? <SendLaterWithClient {...props} /> : null;
}
