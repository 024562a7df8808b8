// Connects the workspace to a fake HubSpot as its admin, the way the admin console does (POST /v1/integrations/crm).
import { expect } from "vitest";
import type { FakeHubspot } from "../../support/fakes/hubspot";
import type { TestServer } from "../../support/server";

/** The new connection's id; `extra` adds to the request (a field map…). */
export async function connectHubspot(server: TestServer, adminToken: string, hub: FakeHubspot, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await server.call("POST", "/v1/integrations/crm", {
    token: adminToken,
    json: { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token }, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.connection.id;
}
