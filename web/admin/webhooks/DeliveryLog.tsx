// One endpoint's delivery log: each delivery's event, where it stands and every attempt (status, error, the
// receiver's answer as text), with Replay for a finished one (same body and webhook-id).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fullTime } from "../../../src/ui/common/format";
import { useAdmin } from "../admin-context";
import type { WebhookDelivery } from "../integrations-api";
import { FormError, QueryGate } from "../parts";
import { WEBHOOKS } from "./webhook-queries";

const statusWords: Record<WebhookDelivery["status"], string> = {
  pending: "waiting to be sent",
  delivered: "delivered ✓",
  failed: "failed",
  cancelled: "cancelled (endpoint switched off)",
};

export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { api } = useAdmin();
  const key = [...WEBHOOKS, endpointId, "deliveries"];
  const query = useQuery({ queryKey: key, queryFn: () => api.webhookDeliveries(endpointId) });
  return (
    <div className="adm-subsection" data-testid="webhook-deliveries">
      <QueryGate what="the delivery log" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data?.length === 0 && <p className="st-hint">Nothing sent yet. “Send a test event” tries the endpoint now.</p>}
        <ul className="adm-list">
          {query.data?.map((d) => (
            <DeliveryRow key={d.id} endpointId={endpointId} delivery={d} />
          ))}
        </ul>
        <button type="button" className="st-btn st-btn-small" onClick={() => query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </QueryGate>
    </div>
  );
}

function DeliveryRow({ endpointId, delivery }: { endpointId: string; delivery: WebhookDelivery }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const replay = useMutation({
    mutationFn: () => api.replayDelivery(endpointId, delivery.id),
    onSuccess: () => queries.invalidateQueries({ queryKey: [...WEBHOOKS, endpointId, "deliveries"] }),
  });
  return (
    <li data-testid="webhook-delivery" data-status={delivery.status}>
      <strong>{delivery.eventType}</strong> · {statusWords[delivery.status]} · {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
      {delivery.nextAttemptAt && ` · next ${fullTime(delivery.nextAttemptAt)}`}{" "}
      {delivery.status !== "pending" && (
        <button type="button" className="st-btn st-btn-small" onClick={() => replay.mutate()} disabled={replay.isPending}>
          {replay.isSuccess ? "Queued again ✓" : "Replay"}
        </button>
      )}
      <FormError error={replay.error} />
      <ul className="st-hint">
        {delivery.attemptLog.map((a) => (
          <li key={a.at}>
            {fullTime(a.at)}: {a.statusCode ?? "no answer"}
            {a.error ? ` — ${a.error}` : ""} ({a.durationMs} ms){a.responseExcerpt ? ` · “${a.responseExcerpt.slice(0, 200)}”` : ""}
          </li>
        ))}
      </ul>
    </li>
  );
}
