// CRM connections: which CRMs texts are logged to, and connecting one with its token (checked by the server
// with a real call before it is kept; never shown again). Set-up steps for each CRM: README "CRM connections".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { CrmConnection } from "../../../src/protocol/crm";
import { useAdmin } from "../admin-context";
import { ConfirmButton, Field, FormError, QueryGate } from "../parts";

const CONNECTIONS = ["admin", "crm"] as const;
type Provider = CrmConnection["provider"];
const names: Record<Provider, string> = { hubspot: "HubSpot", salesforce: "Salesforce", pipedrive: "Pipedrive" };
const modes: Record<CrmConnection["logMode"], string> = {
  messages: "Every text and note as it happens",
  transcript: "One transcript when a conversation is resolved",
  both: "Both",
};
/** The credential fields each CRM takes (Salesforce here: a connected app's refresh token). */
const secrets: Record<Provider, Array<{ key: string; label: string; hint: string }>> = {
  hubspot: [{ key: "accessToken", label: "Private app access token", hint: "Settings → Integrations → Private Apps → your app → Show token (pat-…)." }],
  salesforce: [
    { key: "clientId", label: "Consumer key", hint: "Setup → App Manager → your connected app." },
    { key: "clientSecret", label: "Consumer secret", hint: "Same page as the consumer key." },
    { key: "refreshToken", label: "Refresh token", hint: "From the connected app's OAuth flow (scopes api, refresh_token)." },
  ],
  pipedrive: [{ key: "apiToken", label: "API token", hint: "Avatar → Personal preferences → API." }],
};

export function CrmConnectionsSection() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: CONNECTIONS, queryFn: api.crmConnections });
  return (
    <section aria-labelledby="adm-crm-title" className="adm-section" data-testid="crm-connections">
      <h2 id="adm-crm-title">CRM connections</h2>
      <QueryGate what="the CRM connections" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data?.length === 0 && <p className="st-hint">No CRM connected yet: texts are not logged anywhere. Connect one below.</p>}
        <ul className="adm-list">
          {query.data?.map((c) => (
            <ConnectionRow key={c.id} connection={c} />
          ))}
        </ul>
        <ConnectForm />
      </QueryGate>
    </section>
  );
}

function ConnectionRow({ connection }: { connection: CrmConnection }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const remove = useMutation({ mutationFn: () => api.disconnectCrm(connection.id), onSuccess: () => queries.invalidateQueries({ queryKey: CONNECTIONS }) });
  return (
    <li data-testid="crm-connection">
      <strong>{connection.label}</strong> · {modes[connection.logMode]} · <span className="st-hint">{connection.apiBase}</span>{" "}
      <ConfirmButton
        label="Disconnect"
        question={`Stop logging texts to ${connection.label}?`}
        confirmLabel="Disconnect"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
      />
      <FormError error={remove.error} />
    </li>
  );
}

function ConnectForm() {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [provider, setProvider] = useState<Provider>("hubspot");
  const [logMode, setLogMode] = useState<CrmConnection["logMode"]>("messages");
  const [apiBase, setApiBase] = useState("");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const connect = useMutation({
    mutationFn: () =>
      api.connectCrm({
        provider,
        logMode,
        credentials: Object.fromEntries(Object.entries(credentials).filter(([, v]) => v.trim())),
        ...(apiBase.trim() ? { apiBase: apiBase.trim() } : {}),
      }),
    onSuccess: () => {
      setCredentials({});
      return queries.invalidateQueries({ queryKey: CONNECTIONS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    connect.mutate();
  };
  return (
    <form className="adm-form" onSubmit={submit} data-testid="crm-connect">
      <h3>Connect a CRM</h3>
      <Field label="CRM">
        {(id) => (
          <select
            id={id}
            value={provider}
            onChange={(e) => {
              setProvider(e.target.value as Provider);
              setCredentials({});
            }}
          >
            {(Object.keys(names) as Provider[]).map((p) => (
              <option key={p} value={p}>
                {names[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {secrets[provider].map((f) => (
        <Field key={`${provider}-${f.key}`} label={f.label} hint={f.hint}>
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="off"
              value={credentials[f.key] ?? ""}
              onChange={(e) => setCredentials((c) => ({ ...c, [f.key]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      <Field label="What to log">
        {(id) => (
          <select id={id} value={logMode} onChange={(e) => setLogMode(e.target.value as CrmConnection["logMode"])}>
            {Object.entries(modes).map(([m, label]) => (
              <option key={m} value={m}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="API address (optional)" hint="Leave empty for the CRM's own; a Salesforce sandbox is https://test.salesforce.com.">
        {(id) => <input id={id} type="url" value={apiBase} onChange={(e) => setApiBase(e.target.value)} />}
      </Field>
      <FormError error={connect.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={connect.isPending}>
          {connect.isPending ? `Checking with ${names[provider]}…` : `Connect ${names[provider]}`}
        </button>
      </div>
    </form>
  );
}
