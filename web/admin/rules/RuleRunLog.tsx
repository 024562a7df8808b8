// One rule's run log, newest first: when it ran, for which conversation, and what it did or why it was
// skipped ("condition false: within business hours", "cancelled: an agent replied"), as text.
import { useQuery } from "@tanstack/react-query";
import type { Rule } from "../../../src/protocol/automations";
import { useAdmin } from "../admin-context";
import { QueryGate } from "../parts";

export function RuleRunLog({ rule }: { rule: Rule }) {
  const { api } = useAdmin();
  const runs = useQuery({ queryKey: ["admin", "rules", rule.id, "runs"], queryFn: () => api.ruleRuns(rule.id) });
  return (
    <section className="adm-rule-log" style={{ flexBasis: "100%", overflowX: "auto" }} data-testid="rule-run-log" aria-label={`Run log of ${rule.name}`}>
      <QueryGate what="the run log" isPending={runs.isPending} error={runs.error} retry={() => runs.refetch()}>
        {runs.data?.length === 0 ? (
          <p className="st-hint">
            {rule.enabled ? "It has not run yet: it runs when its trigger happens." : "It has not run yet. Switch it on to have it run."}
          </p>
        ) : (
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Conversation</th>
                <th scope="col">Outcome</th>
                <th scope="col">What it did, or why not</th>
              </tr>
            </thead>
            <tbody>
              {runs.data?.map((run) => (
                <tr key={run.id} data-testid="rule-run" data-outcome={run.outcome}>
                  <td>{new Date(run.createdAt).toLocaleString()}</td>
                  <td>{run.conversationId ? <a href={`#/c/${encodeURIComponent(run.conversationId)}`}>{run.conversationId.slice(-8)}</a> : "—"}</td>
                  <td>{run.outcome === "fired" ? "Ran" : "Skipped"}</td>
                  <td>
                    {run.detail.length === 0
                      ? "—"
                      : run.detail.map((line, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one run never change order.
                          <div key={i}>{line}</div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryGate>
    </section>
  );
}
