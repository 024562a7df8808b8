// New carrier credentials for an existing inbox (a rotated Auth Token, a new API key): typed, sent once,
// checked by the server like at creation, then cleared. The stored ones are never read back.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { ManagedInbox } from "../../../src/protocol/admin";
import { useAdmin } from "../admin-context";
import { FormError } from "../parts";
import { INBOXES } from "../queries";
import { CredentialInputs, pickCredentials } from "./credential-fields";

export function ReplaceCredentials({ inbox }: { inbox: ManagedInbox & { carrier: "twilio" | "telnyx" } }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const replace = useMutation({
    mutationFn: () => api.updateInbox(inbox.id, { credentials: pickCredentials(inbox.carrier, values) }),
    onSuccess: () => {
      setValues({});
      setOpen(false);
      void queries.invalidateQueries({ queryKey: INBOXES });
    },
  });
  if (!open)
    return (
      <p className="st-hstack">
        <button type="button" className="st-btn st-btn-small" onClick={() => setOpen(true)} data-testid="replace-credentials">
          Replace credentials
        </button>
        {replace.isSuccess && (
          <span className="st-hint is-ok" role="status">
            New credentials saved.
          </span>
        )}
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    replace.mutate();
  };
  return (
    <form className="adm-form adm-subform" onSubmit={submit} aria-label={`New credentials for ${inbox.name}`}>
      <CredentialInputs carrier={inbox.carrier} values={values} onChange={setValues} />
      <FormError error={replace.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={replace.isPending}>
          {replace.isPending ? "Saving…" : "Save credentials"}
        </button>
        <button
          type="button"
          className="st-btn"
          onClick={() => {
            setValues({});
            setOpen(false);
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
