// API keys for other apps (Zapier, a form, a billing system): create one with the scopes it needs (the key is
// shown once, with a copy button), see when each was last used, revoke one (it stops working at once).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiKeyScopes, type ApiKey } from "../../../src/protocol/api-keys";
import { fullTime } from "../../../src/ui/common/format";
import { useAdmin } from "../admin-context";
import { ConfirmButton, CopyButton, Field, FormError, QueryGate } from "../parts";

const KEYS = ["admin", "api-keys"] as const;
const scopeWords: Record<ApiKey["scopes"][number], string> = {
  "messages:send": "Send texts (POST /v1/messages)",
  "contacts:write": "Change contacts and their tags",
  "events:write": "Report events (POST /v1/events)",
  read: "Read conversations, messages and contacts",
};

export function ApiKeysSection() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: KEYS, queryFn: api.apiKeys });
  const live = query.data?.filter((k) => !k.revokedAt) ?? [];
  return (
    <section aria-labelledby="adm-keys-title" className="adm-section" data-testid="api-keys">
      <h2 id="adm-keys-title">API keys</h2>
      <p className="st-hint">For other apps talking to Sidetext server to server. Each key acts as the admin who made it, within its scopes.</p>
      <QueryGate what="the API keys" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {live.length === 0 && <p className="st-hint">No API key yet. Create one below for the app that needs it.</p>}
        <ul className="adm-list">
          {live.map((k) => (
            <KeyRow key={k.id} apiKey={k} />
          ))}
        </ul>
        <CreateKeyForm />
      </QueryGate>
    </section>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const revoke = useMutation({ mutationFn: () => api.revokeApiKey(apiKey.id), onSuccess: () => queries.invalidateQueries({ queryKey: KEYS }) });
  return (
    <li data-testid="api-key">
      <strong>{apiKey.name}</strong> · {apiKey.scopes.join(", ")} ·{" "}
      <span className="st-hint">{apiKey.lastUsedAt ? `last used ${fullTime(apiKey.lastUsedAt)}` : "never used"}</span>{" "}
      <ConfirmButton
        label="Revoke"
        question={`Revoke "${apiKey.name}"? Apps using it are refused at once.`}
        confirmLabel="Revoke"
        onConfirm={() => revoke.mutate()}
        busy={revoke.isPending}
      />
      <FormError error={revoke.error} />
    </li>
  );
}

function CreateKeyForm() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKey["scopes"]>([]);
  const create = useMutation({
    mutationFn: () => api.createApiKey({ name: name.trim(), scopes }),
    onSuccess: () => {
      setName("");
      setScopes([]);
      return queries.invalidateQueries({ queryKey: KEYS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const toggle = (scope: ApiKey["scopes"][number]) => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  return (
    <form className="adm-form" onSubmit={submit} data-testid="api-key-create">
      <h3>Create an API key</h3>
      <Field label="Name" hint="Which app uses it, e.g. “Zapier – web form”.">
        {(id) => <input id={id} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset>
        <legend>What it may do</legend>
        {apiKeyScopes.map((scope) => (
          <label key={scope} className="adm-check">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {scopeWords[scope]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="st-btn st-btn-primary" disabled={create.isPending || !name.trim() || scopes.length === 0}>
        {create.isPending ? "Creating…" : "Create key"}
      </button>
      <FormError error={create.error} />
      {create.data && (
        <div className="st-banner" role="status" data-testid="api-key-secret">
          <p>
            Copy this key now: it is shown only once. <code>{create.data.key}</code>
          </p>
          <CopyButton text={create.data.key} label="Copy the API key" testId="copy-api-key" />
        </div>
      )}
    </form>
  );
}
