// The popup's "Enable Sidetext on <host>" on a page where Sidetext is not running. The click is the user
// gesture Chrome needs for the site's optional host permission, so `requestOrigin` is called first, in the
// click's own task; the worker then registers Sidetext there and runs it in the tab without a reload.
import { useCallback, useEffect, useState } from "react";
import type { PageStatus } from "../../protocol/page-commands";
import { useClient } from "./client-context";

export type RequestOrigin = (pattern: string) => Promise<boolean>;

const originPatternOf = (url: string | null) => {
  try {
    const u = new URL(url ?? "");
    return u.protocol === "https:" || u.protocol === "http:" ? `${u.origin}/*` : null;
  } catch {
    return null;
  }
};

export function EnableSiteOffer({ requestOrigin }: { requestOrigin: RequestOrigin }) {
  const client = useClient();
  const [status, setStatus] = useState<PageStatus | null>(null);
  const [state, setState] = useState<{ kind: "idle" | "working" | "done" | "error"; text?: string }>({ kind: "idle" });
  const refresh = useCallback(async () => {
    const r = await client.send({ type: "page.status" });
    if (r.ok) setStatus(r.data);
  }, [client]);
  useEffect(() => void refresh(), [refresh]);

  const pattern = originPatternOf(status?.url ?? null);
  if (state.kind === "done")
    return (
      <div className="st-site-offer" role="status" data-testid="enable-site-done">
        {state.text}
      </div>
    );
  if (!status || !pattern || status.tabId === null || status.builtIn) return null;
  const offer = status.reason === "not_enabled" ? "enable" : status.reason === "not_running" && status.enabled ? "run" : null;
  if (!offer) return null;
  const host = status.host ?? new URL(pattern.slice(0, -2)).host;
  const tabId = status.tabId;

  const enable = () => {
    // First, before any await: Chrome grants permissions.request only during the click.
    const asked = requestOrigin(pattern);
    setState({ kind: "working" });
    void (async () => {
      if (!(await asked)) return setState({ kind: "error", text: `Chrome did not allow Sidetext on ${host}. Click again and choose Allow.` });
      const r = await client.send({ type: "site.enable", tabId });
      if (!r.ok) return setState({ kind: "error", text: r.error.message });
      setState({ kind: "done", text: `Sidetext now runs on ${host}. Open a record there to see its texts.` });
    })();
  };

  return (
    <section className="st-site-offer" aria-label="Sidetext on this site">
      <span>
        {offer === "enable" ? `Sidetext is not running on ${host}.` : `Sidetext is enabled on ${host} but not on this page yet.`}
        {state.kind === "error" && (
          <span className="st-hint is-error" role="alert">
            {" "}
            {state.text}
          </span>
        )}
      </span>
      <button type="button" className="st-btn st-btn-primary st-btn-small" data-testid="enable-site" onClick={enable} disabled={state.kind === "working"}>
        {state.kind === "working" ? "Enabling…" : offer === "enable" ? `Enable Sidetext on ${host}` : "Run Sidetext on this page"}
      </button>
    </section>
  );
}
