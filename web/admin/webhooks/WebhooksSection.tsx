// Webhook endpoints (Standard Webhooks): register one with the events it wants (its signing secret shown once),
// switch it off and on, rotate the secret (the old one keeps verifying for 24 h), send a test event, open its
// delivery log (each attempt, replay), remove it. Set-up and verification: README "Webhooks and API keys".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAdmin } from "../admin-context";
import type { WebhookEndpoint } from "../integrations-api";
import { ConfirmButton, FormError, QueryGate } from "../parts";
import { CreateWebhookForm, SecretOnce } from "./CreateWebhookForm";
import { DeliveryLog } from "./DeliveryLog";

import { WEBHOOKS } from "./webhook-queries";

export function WebhooksSection() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: WEBHOOKS, queryFn: api.webhooks });
  return (
    <section aria-labelledby="adm-hooks-title" className="adm-section" data-testid="webhooks">
      <h2 id="adm-hooks-title">Webhooks</h2>
      <QueryGate what="the webhook endpoints" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data?.length === 0 && <p className="st-hint">No endpoint yet: other apps hear nothing. Register one below.</p>}
        <ul className="adm-list">
          {query.data?.map((e) => (
            <EndpointRow key={e.id} endpoint={e} />
          ))}
        </ul>
        <CreateWebhookForm />
      </QueryGate>
    </section>
  );
}

function EndpointRow({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: WEBHOOKS });
  const toggle = useMutation({ mutationFn: () => api.setWebhookEnabled(endpoint.id, !!endpoint.disabledAt), onSuccess: refresh });
  const rotate = useMutation({ mutationFn: () => api.rotateWebhookSecret(endpoint.id), onSuccess: refresh });
  const test = useMutation({
    mutationFn: () => api.testWebhook(endpoint.id),
    onSuccess: () => queries.invalidateQueries({ queryKey: [...WEBHOOKS, endpoint.id, "deliveries"] }),
  });
  const remove = useMutation({ mutationFn: () => api.deleteWebhook(endpoint.id), onSuccess: refresh });
  const off = !!endpoint.disabledAt;
  return (
    <li data-testid="webhook-endpoint" data-enabled={!off}>
      <div>
        <strong>{endpoint.url}</strong> {endpoint.description && <span className="st-hint">· {endpoint.description}</span>}
      </div>
      <div className="st-hint">
        {endpoint.eventTypes.join(", ")}
        {off && ` · switched off${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`}
        {endpoint.previousSecretUntil && ` · the previous secret still verifies until ${new Date(endpoint.previousSecretUntil).toLocaleString()}`}
      </div>
      <div className="st-hstack">
        <button type="button" className="st-btn st-btn-small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {off ? "Switch on" : "Switch off"}
        </button>
        <button type="button" className="st-btn st-btn-small" onClick={() => test.mutate()} disabled={test.isPending || off}>
          {test.isPending ? "Sending…" : test.isSuccess ? "Test sent ✓" : "Send a test event"}
        </button>
        <ConfirmButton
          label="Rotate secret"
          question="Make a new signing secret? The old one keeps verifying for 24 hours."
          confirmLabel="Rotate"
          onConfirm={() => rotate.mutate()}
          busy={rotate.isPending}
        />
        <button type="button" className="st-btn st-btn-small" aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
          {showLog ? "Hide delivery log" : "Delivery log"}
        </button>
        <ConfirmButton
          label="Remove"
          question="Remove this endpoint and its delivery log?"
          confirmLabel="Remove"
          onConfirm={() => remove.mutate()}
          busy={remove.isPending}
        />
      </div>
      {rotate.data && <SecretOnce secret={rotate.data.secret} />}
      <FormError error={toggle.error ?? test.error ?? rotate.error ?? remove.error} />
      {showLog && <DeliveryLog endpointId={endpoint.id} />}
    </li>
  );
}
