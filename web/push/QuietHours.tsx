// Do-not-disturb hours: no pushes from start to end on the user's own clock (their browser's time zone),
// which may run past midnight. Off by default.
import { useEffect, useMemo, useState } from "react";
import type { QuietHours as Hours } from "../../src/protocol/push";
import { createQuietHoursApi } from "./push-settings-api";

export function QuietHours(props: { baseUrl: string; token: string; fetch?: typeof fetch; timeZone?: string }) {
  const { baseUrl, token, fetch } = props;
  const api = useMemo(() => createQuietHoursApi({ baseUrl, token, fetch }), [baseUrl, token, fetch]);
  const timeZone = props.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [saved, setSaved] = useState<Hours | null | undefined>(undefined);
  const [start, setStart] = useState("22:00");
  const [end, setEnd] = useState("07:00");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get().then(
      (q) => {
        setSaved(q);
        if (q) {
          setStart(q.start);
          setEnd(q.end);
        }
      },
      (err: Error) => setError(`Could not load your quiet hours: ${err.message}`),
    );
  }, [api]);

  const save = async (next: Hours | null) => {
    setBusy(true);
    setError(null);
    try {
      setSaved(await api.set(next));
    } catch (err) {
      setError(`Could not save: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="push-quiet"
      data-testid="quiet-hours"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ start, end, timeZone });
      }}
    >
      <h3 className="push-devices-title">Quiet hours</h3>
      <p className="st-hint">
        {saved === undefined
          ? "Loading…"
          : saved
            ? `No notifications from ${saved.start} to ${saved.end} (${saved.timeZone}).`
            : "Off: notifications come at any hour."}
      </p>
      <div className="push-quiet-fields">
        <label>
          From <input type="time" value={start} required onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          to <input type="time" value={end} required onChange={(e) => setEnd(e.target.value)} />
        </label>
        <button type="submit" className="st-btn st-btn-small" disabled={busy || start === end}>
          {saved ? "Change" : "Turn on"}
        </button>
        {saved && (
          <button type="button" className="st-btn st-btn-small" disabled={busy} onClick={() => void save(null)}>
            Turn off
          </button>
        )}
      </div>
      {error && (
        <p className="push-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
