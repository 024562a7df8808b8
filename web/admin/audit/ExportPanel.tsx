// Export the trail of the chosen range as CSV and JSON Lines: the server writes the files as a job, this panel
// shows its progress, then the manifest (rows per type, each file's size and SHA-256) and the download links.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditExport } from "../../../src/protocol/audit";
import { useAdmin } from "../admin-context";
import { CopyButton, FormError } from "../parts";
import type { AuditFilters } from "./audit-api";

const DAY = 86_400_000;
const count = new Intl.NumberFormat();
const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

export function ExportPanel({ filters }: { filters: AuditFilters }) {
  const { api } = useAdmin();
  const [id, setId] = useState<string | null>(null);
  // Without dates: the last 30 days, said on the button's hint so nobody wonders what was exported.
  const from = filters.from ?? new Date(Date.now() - 30 * DAY).toISOString();
  const to = filters.to ?? new Date().toISOString();
  const start = useMutation({
    mutationFn: () =>
      api.startAuditExport({
        from,
        to,
        actorId: filters.actorId,
        locationId: filters.locationId,
        types: filters.type?.split(","),
      }),
    onSuccess: (e) => setId(e.id),
  });
  const job = useQuery({
    queryKey: ["admin", "audit", "export", id],
    queryFn: () => api.auditExport(id!),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === "done" || q.state.data?.status === "failed" ? false : 500),
  });
  const current = job.data ?? start.data;
  const running = start.isPending || current?.status === "running";
  return (
    <section className="adm-card adm-audit-export" aria-labelledby="adm-audit-export-title" data-testid="audit-export-panel">
      <h3 id="adm-audit-export-title">Export</h3>
      <p className="st-hint">
        The filtered trail from {new Date(from).toLocaleString()} to {new Date(to).toLocaleString()}, as CSV and JSON Lines, with a manifest of counts and each
        file’s SHA-256. Message texts follow the retention setting. The export itself goes on the trail.
      </p>
      <button type="button" className="st-btn st-btn-primary" onClick={() => start.mutate()} disabled={running} data-testid="audit-export">
        {running ? "Exporting…" : "Export CSV and JSON Lines"}
      </button>
      <FormError error={start.error ?? job.error} />
      {current && <ExportState job={current} />}
    </section>
  );
}

function ExportState({ job }: { job: AuditExport }) {
  if (job.status === "failed")
    return (
      <p className="adm-error" role="alert">
        {job.error ?? "The export failed."} Press Export to try again.
      </p>
    );
  if (job.status === "running" || !job.manifest)
    return (
      <div aria-live="polite" data-testid="audit-export-progress">
        <progress max={Math.max(job.progress.total, 1)} value={job.progress.rows} />{" "}
        <span className="st-hint">
          Writing {count.format(job.progress.rows)} of about {count.format(job.progress.total)} rows…
        </span>
      </div>
    );
  const m = job.manifest;
  const link = (name: string) => job.links.find((l) => l.name === name)?.url;
  return (
    <div className="adm-audit-manifest" data-testid="audit-manifest" aria-live="polite">
      <p>
        <strong>{count.format(m.rows)} rows</strong> exported. Links work for 10 minutes; open the export again for new ones.
      </p>
      <ul className="adm-list">
        {m.files.map((f) => (
          <li key={f.name} className="adm-audit-file">
            <a href={link(f.name)} download>
              {f.name}
            </a>{" "}
            <span className="st-hint">
              {size(f.bytes)} · {count.format(f.rows)} rows
            </span>
            <div>
              SHA-256 <code data-testid={`audit-sha-${f.format}`}>{f.sha256}</code> <CopyButton text={f.sha256} label={`Copy the SHA-256 of ${f.name}`} />
            </div>
          </li>
        ))}
        <li>
          <a href={link("manifest.json")} download>
            manifest.json
          </a>
        </li>
      </ul>
      <table className="adm-table">
        <caption className="st-hint">Rows per type</caption>
        <tbody>
          {Object.entries(m.counts).map(([type, n]) => (
            <tr key={type}>
              <th scope="row">{type}</th>
              <td>{count.format(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
