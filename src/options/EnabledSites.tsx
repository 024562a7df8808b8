// Options: the sites the rep enabled Sidetext on, each with Remove (unregisters the script there and gives
// the site's permission back to Chrome).
import { useCallback, useEffect, useState } from "react";
import type { EnabledSite } from "../protocol/page-commands";
import { useClient } from "../ui/common/client-context";

export function EnabledSites() {
  const { send } = useClient();
  const [sites, setSites] = useState<EnabledSite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await send({ type: "sites.list" });
    if (r.ok) setSites(r.data.sites);
    else setError(r.error.message);
  }, [send]);
  useEffect(() => void load(), [load]);

  const remove = async (origin: string) => {
    setError(null);
    const r = await send({ type: "site.remove", origin });
    if (!r.ok) setError(`Could not remove ${new URL(origin).host}: ${r.error.message}`);
    await load();
  };

  return (
    <section className="opt-card" aria-labelledby="opt-sites">
      <h2 id="opt-sites">Sites you enabled</h2>
      <p className="opt-muted">Besides Salesforce, HubSpot, Pipedrive, Zoho and Close, Sidetext runs on these sites.</p>
      {error && (
        <p className="opt-error" role="alert">
          {error}
        </p>
      )}
      {sites === null && !error && (
        <p className="opt-muted" role="status">
          Loading…
        </p>
      )}
      {sites?.length === 0 && (
        <p className="opt-note" data-testid="no-enabled-sites">
          None yet. On any web app, open a record, click the Sidetext button in the toolbar and choose “Enable Sidetext on …”.
        </p>
      )}
      {!!sites?.length && (
        <ul className="opt-sites">
          {sites.map((site) => (
            <li key={site.origin} data-testid="enabled-site" data-origin={site.origin}>
              <span>
                <span className="opt-name">{new URL(site.origin).host}</span>
                <span className="opt-muted"> · since {new Date(site.enabledAt).toLocaleDateString()}</span>
              </span>
              <button
                type="button"
                className="opt-secondary"
                data-testid="remove-site"
                onClick={() => void remove(site.origin)}
                aria-label={`Remove ${new URL(site.origin).host}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
