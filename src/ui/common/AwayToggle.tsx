// "Away" for automatic assignment (issue 17): while it is on, round robin and fewest-open rules pass you
// over. In the popup's header and the web app's top bar; the server keeps it (GET/PATCH /v1/me/availability).
import { useEffect, useState } from "react";
import { useOptionalClient } from "./client-context";

export function AwayToggle() {
  const client = useOptionalClient();
  const [away, setAway] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Not known (signed out, an older server): no switch rather than a wrong one.
    void client?.send({ type: "availability.get" }).then((r) => {
      if (live && r.ok) setAway(r.data.availability.away);
    });
    return () => {
      live = false;
    };
  }, [client]);
  if (!client || away === null) return null;
  const flip = async () => {
    const next = !away;
    setAway(next);
    const r = await client.send({ type: "availability.set", away: next });
    setError(r.ok ? null : `Could not change it: ${r.error.message}`);
    if (r.ok) setAway(r.data.availability.away);
    else setAway(!next);
  };
  return (
    <button
      type="button"
      className={`st-btn st-btn-small st-away${away ? " is-away" : ""}`}
      data-testid="away-toggle"
      aria-pressed={!!away}
      title={
        error ??
        (away ? "Away: rules do not assign you conversations. Click to be available." : "Available: rules may assign you conversations. Click to step away.")
      }
      onClick={() => void flip()}
    >
      {away ? "Away" : "Available"}
    </button>
  );
}
