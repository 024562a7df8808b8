// An inbox's name and its answer to HELP, changed in place (PATCH /v1/inboxes/:id).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { ManagedInbox } from "../../../src/protocol/admin";
import { useAdmin } from "../admin-context";
import { Field, FormError } from "../parts";
import { INBOXES } from "../queries";

export function InboxDetails({ inbox }: { inbox: ManagedInbox }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(inbox.name);
  const [helpText, setHelpText] = useState(inbox.helpText);
  const save = useMutation({
    mutationFn: () => api.updateInbox(inbox.id, { ...(name !== inbox.name ? { name } : {}), ...(helpText !== inbox.helpText ? { helpText } : {}) }),
    onSuccess: () => {
      setOpen(false);
      void queries.invalidateQueries({ queryKey: INBOXES });
    },
  });
  if (!open)
    return (
      <button
        type="button"
        className="st-btn st-btn-small"
        onClick={() => {
          setName(inbox.name);
          setHelpText(inbox.helpText);
          setOpen(true);
        }}
        aria-label={`Edit the name and HELP answer of ${inbox.name}`}
      >
        Edit details
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name === inbox.name && helpText === inbox.helpText) setOpen(false);
    else save.mutate();
  };
  return (
    <form className="adm-form adm-subform" onSubmit={submit} aria-label={`Details of ${inbox.name}`}>
      <Field label="Inbox name">{(id) => <input id={id} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="HELP answer" hint="What this number answers when a customer texts HELP.">
        {(id) => <textarea id={id} rows={3} maxLength={1600} value={helpText} onChange={(e) => setHelpText(e.target.value)} />}
      </Field>
      <FormError error={save.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save details"}
        </button>
        <button type="button" className="st-btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
