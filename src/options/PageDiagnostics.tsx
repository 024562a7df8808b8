// Options: "What Sidetext sees on this page" for the tab the rep last looked at: the record it read with
// each number and who found it, or the first reason it has none and what to do.
import { useCallback, useEffect, useState } from "react";
import { formatPhone } from "../core/phone";
import type { PageStatus } from "../protocol/page-commands";
import { useClient } from "../ui/common/client-context";
import { describeFoundBy } from "../ui/panel/WhyNumber";

function explain(s: PageStatus): string {
  const host = s.host ?? "this site";
  const name = s.record?.name ?? "this record";
  switch (s.reason) {
    case "no_tab":
      return "No web page is open in your browser window.";
    case "unsupported":
      return "Sidetext can't run on this kind of page (browser pages, files, the Chrome Web Store).";
    case "not_enabled":
      return s.host
        ? `Sidetext is not enabled on ${host}. Open the page, click the Sidetext button in the toolbar and choose “Enable Sidetext on ${host}”.`
        : "Sidetext can't see this page: it is not a built-in CRM and you have not enabled it.";
    case "not_running":
      return `Sidetext is enabled on ${host} but is not running on this page yet: reload the page.`;
    case "no_record_url":
      return `Sidetext runs on ${host}, but this address is not one record (a list, a search or a dashboard). Open one contact.`;
    case "no_phone":
      return `Sidetext read ${name} but found no phone number on it. In the panel, type the number or pick it on the page.`;
    // The generic reader's kind is always "page": only a CRM's own word ("contact", "lead") says anything.
    case "found":
      return `Sidetext reads ${name}${s.record?.kind && s.record.source !== "generic" ? ` (${s.record.kind})` : ""} with ${s.record!.phones.length === 1 ? "one number" : `${s.record!.phones.length} numbers`}.`;
  }
}

export function PageDiagnostics() {
  const { send } = useClient();
  const [status, setStatus] = useState<PageStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = useCallback(async () => {
    setError(null);
    const r = await send({ type: "page.status" });
    if (r.ok) setStatus(r.data);
    else setError(r.error.message);
  }, [send]);
  useEffect(() => void check(), [check]);

  return (
    <section className="opt-card" aria-labelledby="opt-sees" data-testid="page-diagnostics">
      <h2 id="opt-sees">What Sidetext sees on this page</h2>
      {error && (
        <p className="opt-error" role="alert">
          Could not ask the page: {error}
        </p>
      )}
      {!status && !error && (
        <p className="opt-muted" role="status">
          Looking at the page…
        </p>
      )}
      {status && (
        <>
          {status.url && (
            <p className="opt-muted opt-url" title={status.url}>
              {status.url}
            </p>
          )}
          <p className={status.reason === "found" ? "opt-note" : "opt-error"} data-testid="page-reason" data-reason={status.reason}>
            {explain(status)}
          </p>
          {status.record && status.record.phones.length > 0 && (
            <ul className="opt-sites">
              {status.record.phones.map((p) => (
                <li key={p.e164} data-testid="page-phone">
                  <span>
                    <span className="opt-name">{formatPhone(p.e164)}</span> <span className="opt-muted">{p.label}</span>
                    <br />
                    <span className="opt-muted">{describeFoundBy(p.foundBy)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <button type="button" className="opt-secondary" onClick={() => void check()}>
        Check again
      </button>
    </section>
  );
}
