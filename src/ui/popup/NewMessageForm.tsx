// "New message": any number in any format (checked as it is typed) or a contact from the cache, the inbox
// to text from, and the first message.
import { useMemo, useState, type FormEvent } from "react";
import { formatPhone, toE164 } from "../../core/phone";
import type { Contact, Inbox } from "../../protocol/entities";
import type { ComposerAttachments } from "../common/types";
import { SegmentCounter } from "../thread/SegmentCounter";

interface Props {
  contacts: Contact[];
  inboxes: Inbox[];
  defaultInboxId?: string;
  /** A number given before the form opened (the context menu's "Text <number> with Sidetext"). */
  initialTo?: string;
  country?: string;
  sending?: boolean;
  error?: string | null;
  /** Photos and files for the first text (the web app). */
  attachments?: ComposerAttachments;
  /** The workspace's opt-out wording ("Reply STOP to opt out"), offered for the end of a first text. */
  optOutText?: string;
  onSend(input: { inboxId: string; to: string; body: string; mediaIds?: string[] }): void;
  onCancel(): void;
}

export function NewMessageForm(props: Props) {
  const { contacts, inboxes, defaultInboxId, initialTo, country = "US", sending, error, onSend, onCancel, attachments } = props;
  const [to, setTo] = useState(initialTo ?? "");
  const [inboxId, setInboxId] = useState(defaultInboxId ?? inboxes[0]?.id ?? "");
  const [typed, setTyped] = useState("");
  const optOutText = props.optOutText?.trim() ?? "";
  const [addOptOut, setAddOptOut] = useState(true);
  // What goes out (and is counted): the text, then the opt-out wording when it is not in there already.
  const body = addOptOut && optOutText && typed.trim() && !typed.includes(optOutText) ? `${typed.trim()}\n\n${optOutText}` : typed;
  const mediaIds = attachments?.mediaIds ?? [];
  const e164 = useMemo(() => (/\d/.test(to) ? toE164(to, country) : null), [to, country]);
  const query = to.trim().toLowerCase();
  const matches = useMemo(() => {
    if (query.length < 2 || e164) return [];
    const digits = query.replace(/\D/g, "");
    return contacts.filter((c) => c.name?.toLowerCase().includes(query) || (digits.length >= 3 && c.phoneNumber.includes(digits))).slice(0, 6);
  }, [contacts, query, e164]);
  const known = e164 ? contacts.find((c) => c.phoneNumber === e164) : undefined;
  const optedOut = !!known?.optedOutAt;
  const canSend = !!e164 && !!inboxId && (typed.trim().length > 0 || mediaIds.length > 0) && !optedOut && !sending && !attachments?.busy;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canSend) onSend({ inboxId, to: e164!, body: body.trim(), ...(mediaIds.length ? { mediaIds } : {}) });
  };
  const validity = !to.trim()
    ? "Type a number in any format, or a contact's name."
    : e164
      ? `Texting ${known?.name ? `${known.name}, ` : ""}${formatPhone(e164, country)}`
      : /\d/.test(to) && matches.length === 0
        ? "Not a valid phone number yet"
        : "";

  return (
    <form className="st-newmsg" onSubmit={submit} aria-label="New message">
      <div className="st-newmsg-head">
        <button type="button" className="st-icon-btn" onClick={onCancel} aria-label="Back to the list (Esc)">
          ←
        </button>
        <h1 className="st-header-name">New message</h1>
      </div>
      <label className="st-field">
        <span>To</span>
        <input
          autoFocus
          data-testid="new-message-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="(415) 555-0123 or a name"
          aria-invalid={!!to.trim() && !e164 && matches.length === 0}
          aria-describedby="st-to-hint"
          autoComplete="off"
        />
      </label>
      <div id="st-to-hint" className={`st-hint ${e164 ? "is-ok" : ""}`} role="status">
        {validity}
      </div>
      {matches.length > 0 && (
        <ul className="st-suggest" aria-label="Contacts">
          {matches.map((c) => (
            <li key={c.id}>
              <button type="button" className="st-menu-item" onClick={() => setTo(c.phoneNumber)}>
                {c.name ?? formatPhone(c.phoneNumber)} <span className="is-muted">{formatPhone(c.phoneNumber)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {optedOut && (
        <div className="st-composer-blocked" role="alert">
          {known?.name ?? "This number"} opted out of texts; they must text START first.
        </div>
      )}
      {inboxes.length > 1 && (
        <label className="st-field">
          <span>From inbox</span>
          <select data-testid="new-message-inbox" value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
            {inboxes.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} · {formatPhone(i.phoneNumber)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="st-field">
        <span>Message</span>
        <textarea
          data-testid="new-message-body"
          rows={5}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
          }}
        />
      </label>
      {optOutText && (
        <label className="st-check" data-testid="add-opt-out">
          <input type="checkbox" checked={addOptOut} onChange={(e) => setAddOptOut(e.target.checked)} />
          <span>
            End with “{optOutText}” <span className="is-muted">(how they stop texts; counted below)</span>
          </span>
        </label>
      )}
      {attachments?.view}
      {error && (
        <div className="st-composer-blocked" role="alert">
          {error}
        </div>
      )}
      <div className="st-composer-bar">
        <SegmentCounter text={body} />
        <button type="submit" className="st-btn st-btn-primary" data-testid="new-message-send" disabled={!canSend}>
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
