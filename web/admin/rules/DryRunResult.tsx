// "Try it on the last 30 days": the draft replayed against the feed by the server (nothing is sent or written),
// with how often it would have acted, the most common reasons it would not have, and the latest examples.
import { useMutation } from "@tanstack/react-query";
import type { RuleInput } from "../../../src/protocol/automations";
import { useAdmin } from "../admin-context";
import { FormError } from "../parts";

export function DryRunResult({ draft, ready }: { draft: RuleInput; ready: boolean }) {
  const { api } = useAdmin();
  const run = useMutation({ mutationFn: () => api.dryRunRule(draft) });
  const result = run.data;
  return (
    <div className="adm-preview" data-testid="rule-dry-run">
      <button type="button" className="st-btn st-btn-small" onClick={() => run.mutate()} disabled={!ready || run.isPending}>
        {run.isPending ? "Replaying the last 30 days…" : "Try it on the last 30 days"}
      </button>
      <FormError error={run.error} />
      {result && (
        <>
          <p data-testid="dry-run-summary">
            {`Over ${result.eventsRead} events since ${new Date(result.from).toLocaleDateString()}: triggered ${result.triggered} times, would have acted ${result.wouldAct} times.`}
          </p>
          {result.skipped.length > 0 && (
            <ul>
              {result.skipped.slice(0, 5).map((s) => (
                <li key={s.reason}>{`${s.count} × ${s.reason}`}</li>
              ))}
            </ul>
          )}
          {result.examples.length > 0 && (
            <p className="st-hint">{`Latest: ${new Date(result.examples[0].at).toLocaleString()} — ${result.examples[0].outcome}${result.examples[0].detail.length ? ` (${result.examples[0].detail.join("; ")})` : ""}`}</p>
          )}
        </>
      )}
    </div>
  );
}
