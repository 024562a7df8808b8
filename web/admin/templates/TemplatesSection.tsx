// Reply templates: the list with scope and shortcut, a new one, edit, delete (asked first).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Template } from "../../../src/protocol/entities";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { ConfirmButton, FormError, QueryGate } from "../parts";
import { INBOXES, TEMPLATES } from "../queries";
import { TemplateEditor } from "./TemplateEditor";

export function TemplatesSection() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const templates = useQuery({ queryKey: TEMPLATES, queryFn: api.templates });
  const inboxes = useQuery({ queryKey: INBOXES, queryFn: api.inboxes });
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteTemplate(id),
    onSuccess: () => queries.invalidateQueries({ queryKey: TEMPLATES }),
  });
  const inboxName = (id: string | null) => (id ? (inboxes.data?.find((i) => i.id === id)?.name ?? "An inbox") : "Whole workspace");
  return (
    <section aria-labelledby="adm-templates-title" className="adm-section">
      <div className="adm-section-head">
        <h2 id="adm-templates-title">Templates</h2>
        {!editing && (
          <button type="button" className="st-btn st-btn-primary" onClick={() => setEditing("new")} data-testid="new-template">
            New template
          </button>
        )}
      </div>
      {editing && (
        <TemplateEditor
          key={editing === "new" ? "new" : editing.id}
          template={editing === "new" ? null : editing}
          inboxes={inboxes.data ?? []}
          onDone={() => setEditing(null)}
        />
      )}
      <QueryGate
        what="templates"
        isPending={templates.isPending || inboxes.isPending}
        error={templates.error ?? inboxes.error}
        retry={() => {
          void templates.refetch();
          void inboxes.refetch();
        }}
      >
        {templates.data?.length === 0 ? (
          <EmptyState title="No templates yet" hint="Create one with New template: reps pick it in the composer with /." />
        ) : (
          <ul className="adm-list adm-card" aria-label="Templates">
            {templates.data?.map((t) => (
              <li key={t.id} className="adm-row adm-template" data-testid="admin-template">
                <div className="adm-grow">
                  <strong>{t.name}</strong> {t.shortcut && <span className="st-chip">/{t.shortcut}</span>}{" "}
                  <span className="st-chip">{inboxName(t.inboxId)}</span>
                  <p className="adm-excerpt">{t.body}</p>
                </div>
                <div className="st-hstack">
                  <button type="button" className="st-btn st-btn-small" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                    Edit
                  </button>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete “${t.name}”? Reps can no longer pick it.`}
                    confirmLabel="Delete"
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate(t.id)}
                    testId="delete-template"
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
        <FormError error={remove.error} />
      </QueryGate>
    </section>
  );
}
