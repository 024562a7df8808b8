// How long message texts are kept: forever, deleted with their messages after N days, or removed after N days
// keeping who texted whom and when. Applies to the database (a background job) and to exports.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import type { MessageRetention, MessageRetentionPut } from "../../../src/protocol/audit";
import { useAdmin } from "../admin-context";
import { FormError, QueryGate } from "../parts";

const RETENTION = ["admin", "audit", "retention"] as const;
type Mode = MessageRetention["mode"];

const choices: Array<{ mode: Mode; label: string }> = [
  { mode: "keep", label: "Keep message texts forever" },
  { mode: "redact", label: "Remove message texts after a number of days, keep who texted whom and when" },
  { mode: "delete", label: "Delete messages after a number of days" },
];

export function RetentionCard() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: RETENTION, queryFn: api.retention });
  return (
    <section className="adm-card" aria-labelledby="adm-retention-title">
      <h3 id="adm-retention-title">Message retention</h3>
      <QueryGate what="the retention setting" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data && <RetentionForm saved={query.data} />}
      </QueryGate>
    </section>
  );
}

function RetentionForm({ saved }: { saved: MessageRetention }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [mode, setMode] = useState<Mode>(saved.mode);
  const [days, setDays] = useState(String(saved.days ?? 365));
  useEffect(() => {
    setMode(saved.mode);
    setDays(String(saved.days ?? 365));
  }, [saved]);
  const save = useMutation({
    // The server checks the number (whole days, at least 1) and says what is wrong; the field sends what was typed.
    mutationFn: () => api.changeRetention((mode === "keep" ? { mode } : { mode, days: Number(days) }) as MessageRetentionPut),
    onSuccess: (r) => queries.setQueryData(RETENTION, r),
  });
  const dirty = mode !== saved.mode || (mode !== "keep" && Number(days) !== saved.days);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty) save.mutate();
  };
  return (
    <form className="adm-form" onSubmit={submit} data-testid="audit-retention">
      <fieldset className="adm-audit-modes">
        <legend>Message texts</legend>
        {choices.map((c) => (
          <div key={c.mode} className="adm-check">
            <input id={`adm-retention-${c.mode}`} type="radio" name="retention" checked={mode === c.mode} onChange={() => setMode(c.mode)} />
            <label htmlFor={`adm-retention-${c.mode}`}>{c.label}</label>
          </div>
        ))}
      </fieldset>
      {mode !== "keep" && (
        <div className="adm-field">
          <label htmlFor="adm-retention-days">Days to keep</label>
          <input id="adm-retention-days" type="number" min={1} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
          <span className="st-hint">
            {mode === "delete"
              ? "Older messages are deleted, with their entries in the trail."
              : "Older texts become empty; the trail keeps who, when and to whom."}
          </span>
        </div>
      )}
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save retention"}
        </button>
        <span className="st-hint" aria-live="polite">
          {!dirty && save.isSuccess ? "Saved. The server applies it within minutes." : dirty ? "Unsaved changes." : ""}
        </span>
      </div>
      <FormError error={save.error} />
    </form>
  );
}
