// The console's calls for webhooks and API keys (web/admin/webhooks, web/admin/api-keys), over admin-api's `call`.
import type { z } from "zod";
import { ApiKeyCreatedResponse, ApiKeysResponse, type ApiKey } from "../../src/protocol/api-keys";
import { WebhookDeliveriesResponse, WebhookEndpointResponse, WebhookEndpointsResponse, WebhookSecretResponse } from "../../src/protocol/webhooks";

type Call = <S extends z.ZodType>(method: "get" | "post" | "patch" | "delete", path: string, schema: S, json?: unknown) => Promise<z.infer<S>>;
export type WebhookEndpoint = z.infer<typeof WebhookEndpointResponse>["endpoint"];
export type WebhookDelivery = z.infer<typeof WebhookDeliveriesResponse>["deliveries"][number];

export function integrationCalls(call: Call, empty: z.ZodType) {
  const hook = (id: string) => `v1/webhooks/${encodeURIComponent(id)}`;
  return {
    webhooks: async () => (await call("get", "v1/webhooks", WebhookEndpointsResponse)).endpoints,
    createWebhook: (input: { url: string; description?: string; eventTypes: string[] }) => call("post", "v1/webhooks", WebhookSecretResponse, input),
    setWebhookEnabled: async (id: string, enabled: boolean) => (await call("patch", hook(id), WebhookEndpointResponse, { enabled })).endpoint,
    deleteWebhook: async (id: string) => void (await call("delete", hook(id), empty)),
    rotateWebhookSecret: (id: string) => call("post", `${hook(id)}/rotate-secret`, WebhookSecretResponse),
    testWebhook: async (id: string) => void (await call("post", `${hook(id)}/test`, empty)),
    webhookDeliveries: async (id: string) => (await call("get", `${hook(id)}/deliveries`, WebhookDeliveriesResponse)).deliveries,
    replayDelivery: async (id: string, deliveryId: string) =>
      void (await call("post", `${hook(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`, empty)),
    apiKeys: async () => (await call("get", "v1/api-keys", ApiKeysResponse)).apiKeys,
    createApiKey: (input: { name: string; scopes: ApiKey["scopes"] }) => call("post", "v1/api-keys", ApiKeyCreatedResponse, input),
    revokeApiKey: async (id: string) => void (await call("delete", `v1/api-keys/${encodeURIComponent(id)}`, empty)),
  };
}
