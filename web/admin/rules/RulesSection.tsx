// Automation rules: the list by priority (what each does in words), switch one on or off, edit it, see its
// run log (when it fired, for which conversation, what it did or why not), delete it (asked first).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Rule } from "../../../src/protocol/automations";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { ConfirmButton, FormError, QueryGate } from "../parts";
import { INBOXES, TEMPLATES } from "../queries";
import { RuleEditor, RULES } from "./RuleEditor";
import { RuleRunLog } from "./RuleRunLog";
import { actionInWords, conditionInWords, triggerInWords } from "./rule-summary";

export function RulesSection() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const rules = useQuery({ queryKey: RULES, queryFn: api.rules });
  const inboxes = useQuery({ queryKey: INBOXES, queryFn: api.inboxes });
  const templates = useQuery({ queryKey: TEMPLATES, queryFn: api.templates });
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const [logOf, setLogOf] = useState<Rule | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: RULES });
  const toggle = useMutation({ mutationFn: (r: Rule) => api.updateRule(r.id, { enabled: !r.enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: string) => api.deleteRule(id), onSuccess: refresh });
  return (
    <section aria-labelledby="adm-rules-title" className="adm-section" data-testid="rules">
      <div className="adm-section-head">
        <h2 id="adm-rules-title">Rules</h2>
        {!editing && (
          <button type="button" className="st-btn st-btn-primary" onClick={() => setEditing("new")} data-testid="new-rule">
            New rule
          </button>
        )}
      </div>
      {editing && (
        <RuleEditor
          key={editing === "new" ? "new" : editing.id}
          rule={editing === "new" ? null : editing}
          inboxes={inboxes.data ?? []}
          templates={templates.data ?? []}
          onDone={() => setEditing(null)}
        />
      )}
      <QueryGate what="rules" isPending={rules.isPending} error={rules.error} retry={() => rules.refetch()}>
        {rules.data?.length === 0 ? (
          <EmptyState title="No rules yet" hint="Create one with New rule: assign new texts, reply after hours, remind before appointments." />
        ) : (
          <ul className="adm-list adm-card" aria-label="Rules">
            {rules.data?.map((r) => (
              <li key={r.id} className="adm-row" data-testid="admin-rule">
                <div className="adm-grow">
                  <strong>{r.name}</strong> <span className="st-chip">#{r.priority}</span> {!r.enabled && <span className="st-chip">Off</span>}
                  <p className="adm-excerpt">
                    {triggerInWords(r.trigger)}
                    {r.conditions.length > 0 && ` · if ${r.conditions.map(conditionInWords).join(r.match === "any" ? " or " : " and ")}`}
                    {` · then ${r.actions.map(actionInWords).join(", ")}`}
                  </p>
                </div>
                <div className="st-hstack">
                  <label className="adm-check">
                    <input type="checkbox" checked={r.enabled} onChange={() => toggle.mutate(r)} data-testid="rule-enabled" aria-label={`${r.name} on`} />
                    On
                  </label>
                  <button type="button" className="st-btn st-btn-small" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="st-btn st-btn-small"
                    onClick={() => setLogOf(logOf?.id === r.id ? null : r)}
                    aria-expanded={logOf?.id === r.id}
                  >
                    Run log
                  </button>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete “${r.name}” and its run log?`}
                    confirmLabel="Delete"
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate(r.id)}
                  />
                </div>
                {logOf?.id === r.id && <RuleRunLog rule={r} />}
              </li>
            ))}
          </ul>
        )}
        <FormError error={toggle.error ?? remove.error} />
      </QueryGate>
    </section>
  );
}
