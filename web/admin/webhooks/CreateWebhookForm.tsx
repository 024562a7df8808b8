// Registering a webhook endpoint: its address, what it is for, the events it wants; the answer's signing
// secret is shown once with a copy button (the server keeps it sealed and never shows it again).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { webhookEventTypes } from "../../../src/protocol/webhooks";
import { useAdmin } from "../admin-context";
import { CopyButton, Field, FormError } from "../parts";
import { WEBHOOKS } from "./webhook-queries";

export function SecretOnce({ secret }: { secret: string }) {
  return (
    <div className="st-banner" role="status" data-testid="webhook-secret">
      <p>
        Signing secret — copy it now, it is shown only once: <code>{secret}</code>
      </p>
      <CopyButton text={secret} label="Copy the signing secret" testId="copy-webhook-secret" />
    </div>
  );
}

export function CreateWebhookForm() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [types, setTypes] = useState<string[]>(["message.created"]);
  const create = useMutation({
    mutationFn: () => api.createWebhook({ url: url.trim(), eventTypes: types, ...(description.trim() ? { description: description.trim() } : {}) }),
    onSuccess: () => {
      setUrl("");
      setDescription("");
      return queries.invalidateQueries({ queryKey: WEBHOOKS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const toggle = (t: string) => setTypes((s) => (s.includes(t) ? s.filter((x) => x !== t) : [...s, t]));
  return (
    <form className="adm-form" onSubmit={submit} data-testid="webhook-create">
      <h3>Register an endpoint</h3>
      <Field label="Endpoint URL" hint="https:// on a public address; the receiver verifies each request with the signing secret.">
        {(id) => <input id={id} type="url" value={url} placeholder="https://hooks.example.com/sidetext" onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <Field label="Description">{(id) => <input id={id} value={description} maxLength={300} onChange={(e) => setDescription(e.target.value)} />}</Field>
      <fieldset>
        <legend>Events to send</legend>
        {webhookEventTypes.map((t) => (
          <label key={t} className="adm-check">
            <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(t)} /> {t}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="st-btn st-btn-primary" disabled={create.isPending || !url.trim() || types.length === 0}>
        {create.isPending ? "Checking the address…" : "Register endpoint"}
      </button>
      <FormError error={create.error} />
      {create.data && <SecretOnce secret={create.data.secret} />}
    </form>
  );
}
