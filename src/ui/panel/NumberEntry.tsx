// When the record has no number, or not the right one: type a number (any format, checked as typed) and
// press Enter, or pick one on the page. The worker keeps it for the record in this tab.
import { useState, type FormEvent } from "react";
import { formatPhone, toE164 } from "../../core/phone";
import { useClient } from "../common/client-context";

export function NumberEntry({ country = "US", autoFocus = false }: { country?: string; autoFocus?: boolean }) {
  const client = useClient();
  const [raw, setRaw] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [picking, setPicking] = useState(false);
  const e164 = /\d/.test(raw) ? toE164(raw, country) : null;
  const hint =
    message?.text ??
    (!raw.trim() ? "Any format: (415) 555-0123, +44 20 7946 0958…" : e164 ? `Opens ${formatPhone(e164, country)}` : "Not a valid phone number yet");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!e164) {
      setMessage({ text: raw.trim() ? `"${raw.trim()}" is not a phone number Sidetext can text.` : "Type a phone number first.", error: true });
      return;
    }
    const r = await client.send({ type: "panel.useNumber", raw });
    setMessage(r.ok ? null : { text: r.error.message, error: true });
    if (r.ok) setRaw("");
  };

  const pick = async () => {
    setPicking(true);
    setMessage(null);
    const r = await client.send({ type: "panel.pickNumber" });
    setPicking(false);
    if (!r.ok) setMessage({ text: r.error.message, error: true });
    else if (!r.data.phone) setMessage({ text: "Picking cancelled.", error: false });
  };

  return (
    <form className="st-number-entry" onSubmit={submit} aria-label="Use another number">
      <label className="st-field">
        <span>Phone number</span>
        <input
          data-testid="number-input"
          value={raw}
          autoFocus={autoFocus}
          inputMode="tel"
          autoComplete="off"
          placeholder="(415) 555-0123"
          aria-invalid={!!raw.trim() && !e164}
          aria-describedby="st-number-hint"
          onChange={(e) => {
            setRaw(e.target.value);
            setMessage(null);
          }}
        />
      </label>
      <div id="st-number-hint" className={`st-hint ${e164 && !message ? "is-ok" : ""} ${message?.error ? "is-error" : ""}`} role="status">
        {hint}
      </div>
      <div className="st-number-actions">
        <button type="submit" className="st-btn st-btn-primary st-btn-small">
          Open thread
        </button>
        <button type="button" className="st-btn st-btn-small" data-testid="pick-number" onClick={pick} disabled={picking} aria-busy={picking}>
          {picking ? "Click a number on the page… (Esc cancels)" : "Pick a number on the page"}
        </button>
      </div>
    </form>
  );
}
