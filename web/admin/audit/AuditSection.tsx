// The audit trail (owners and organisation admins): who did what, when, on which conversation, contact or
// setting, filtered by person, location, kind of change and dates; exported with a manifest of hashes; and
// how long message texts are kept.
import { useMemo, useState } from "react";
import { AuditFilters, noFilters, toQuery, type FilterDraft } from "./AuditFilters";
import { AuditTable } from "./AuditTable";
import { ExportPanel } from "./ExportPanel";
import { RetentionCard } from "./RetentionCard";
import "./audit.css";

export function AuditSection() {
  const [draft, setDraft] = useState<FilterDraft>(noFilters);
  const filters = useMemo(() => toQuery(draft), [draft]);
  const backwards = Boolean(filters.from && filters.to && filters.from >= filters.to);
  return (
    <section aria-labelledby="adm-audit-title" className="adm-section" data-testid="audit-section">
      <h2 id="adm-audit-title">Audit trail</h2>
      <p className="st-hint">Every change in the workspace, newest first. Only owners and admins see this page.</p>
      <AuditFilters value={draft} onChange={setDraft} />
      <div className="adm-cards">
        <ExportPanel filters={filters} />
        <RetentionCard />
      </div>
      {backwards ? null : <AuditTable filters={filters} />}
    </section>
  );
}
