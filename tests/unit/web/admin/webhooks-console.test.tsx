// @vitest-environment jsdom
// Webhooks and API keys in the admin console: register an endpoint (secret shown once), switch it off, send a
// test, rotate, read the delivery log and replay; create an API key (shown once, copy button) and revoke one.
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it } from "vitest";
import { at, failure, fakeApi, ok, renderConsole } from "./fake-api";

afterEach(cleanup);

const endpoint = (over: Record<string, unknown> = {}) => ({
  id: "whe_1",
  url: "https://hooks.example.com/sidetext",
  description: "Billing",
  eventTypes: ["message.created"],
  disabledAt: null,
  disabledReason: null,
  previousSecretUntil: null,
  createdAt: at,
  updatedAt: at,
  ...over,
});
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const delivery = {
  id: "whj_1",
  messageId: "msg_1",
  eventType: "message.created",
  status: "failed",
  attempts: 2,
  nextAttemptAt: null,
  lastError: "HTTP 500",
  createdAt: at,
  doneAt: at,
  attemptLog: [
    { at, statusCode: 500, error: "HTTP 500", responseExcerpt: "<b>down</b>", durationMs: 12 },
    { at: "2026-11-30T10:00:05.000Z", statusCode: 500, error: "HTTP 500", responseExcerpt: null, durationMs: 9 },
  ],
};

it("registers an endpoint for the chosen events and shows its signing secret once", async () => {
  let registered = false;
  const api = fakeApi({
    "GET /v1/webhooks": () => ok({ endpoints: registered ? [endpoint({ eventTypes: ["message.created", "contact.updated"] })] : [] }),
    "POST /v1/webhooks": () => {
      registered = true;
      return { status: 201, body: { endpoint: endpoint(), secret } };
    },
  });
  renderConsole(api, "#/admin/webhooks");
  const user = userEvent.setup();
  expect(await screen.findByText(/No endpoint yet/)).toBeTruthy();
  await user.type(screen.getByLabelText(/Endpoint URL/), "https://hooks.example.com/sidetext");
  await user.type(screen.getByLabelText("Description"), "Billing");
  await user.click(screen.getByLabelText("contact.updated"));
  await user.click(screen.getByRole("button", { name: "Register endpoint" }));
  expect((await screen.findByTestId("webhook-secret")).textContent).toContain(secret);
  expect(screen.getByRole("button", { name: "Copy the signing secret" })).toBeTruthy();
  expect(api.writes()).toEqual([
    {
      method: "POST",
      path: "/v1/webhooks",
      body: { url: "https://hooks.example.com/sidetext", eventTypes: ["message.created", "contact.updated"], description: "Billing" },
    },
  ]);
  expect(await screen.findByTestId("webhook-endpoint")).toBeTruthy();
});

it("says why the server refused an address", async () => {
  const api = fakeApi({
    "GET /v1/webhooks": ok({ endpoints: [] }),
    "POST /v1/webhooks": failure(400, "validation_failed", "url: 10.0.0.5 is a private address; webhooks go to public https addresses"),
  });
  renderConsole(api, "#/admin/webhooks");
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/Endpoint URL/), "https://10.0.0.5/hook");
  await user.click(screen.getByRole("button", { name: "Register endpoint" }));
  expect((await screen.findByRole("alert")).textContent).toMatch(/private address/);
});

it("switches an endpoint off, sends a test, rotates the secret, and replays a failed delivery from its log", async () => {
  const api = fakeApi({
    "GET /v1/webhooks": ok({ endpoints: [endpoint()] }),
    "PATCH /v1/webhooks/whe_1": ok({ endpoint: endpoint({ disabledAt: at }) }),
    "POST /v1/webhooks/whe_1/test": { status: 202, body: { messageId: "msg_t" } },
    "POST /v1/webhooks/whe_1/rotate-secret": ok({ endpoint: endpoint({ previousSecretUntil: at }), secret: `${secret}2` }),
    "GET /v1/webhooks/whe_1/deliveries": ok({ deliveries: [delivery] }),
    "POST /v1/webhooks/whe_1/deliveries/whj_1/replay": { status: 202, body: { deliveryId: "whj_1" } },
  });
  renderConsole(api, "#/admin/webhooks");
  const user = userEvent.setup();
  const row = await screen.findByTestId("webhook-endpoint");
  await user.click(within(row).getByRole("button", { name: "Send a test event" }));
  expect(await within(row).findByRole("button", { name: "Test sent ✓" })).toBeTruthy();
  await user.click(within(row).getByRole("button", { name: "Rotate secret" }));
  await user.click(within(row).getByRole("button", { name: "Rotate" }));
  expect((await within(row).findByTestId("webhook-secret")).textContent).toContain(`${secret}2`);
  await user.click(within(row).getByRole("button", { name: "Delivery log" }));
  const log = await within(row).findByTestId("webhook-delivery");
  expect(log.textContent).toContain("failed · 2 attempts");
  expect(log.textContent).toContain("<b>down</b>"); // the receiver's answer is text
  expect(log.querySelector("b")).toBeNull();
  await user.click(within(log).getByRole("button", { name: "Replay" }));
  expect(await within(log).findByRole("button", { name: "Queued again ✓" })).toBeTruthy();
  await user.click(within(row).getByRole("button", { name: "Switch off" }));
  expect(api.writes()).toEqual([
    { method: "POST", path: "/v1/webhooks/whe_1/test", body: undefined },
    { method: "POST", path: "/v1/webhooks/whe_1/rotate-secret", body: undefined },
    { method: "POST", path: "/v1/webhooks/whe_1/deliveries/whj_1/replay", body: undefined },
    { method: "PATCH", path: "/v1/webhooks/whe_1", body: { enabled: false } },
  ]);
});

it("creates an API key with its scopes, shows it once with a copy button, and revokes one after asking", async () => {
  const key = { id: "0123456789abcdef", name: "Zapier form", scopes: ["events:write"], createdBy: "usr_ada", createdAt: at, lastUsedAt: null, revokedAt: null };
  let created = false;
  const api = fakeApi({
    "GET /v1/api-keys": () => ok({ apiKeys: created ? [key] : [] }),
    "POST /v1/api-keys": () => {
      created = true;
      return { status: 201, body: { apiKey: key, key: "stk_0123456789abcdef_secretsecretsecretsecretsecretsecretsecret1" } };
    },
    "DELETE /v1/api-keys/0123456789abcdef": { status: 204 },
  });
  renderConsole(api, "#/admin/apikeys");
  const user = userEvent.setup();
  expect(await screen.findByText(/No API key yet/)).toBeTruthy();
  await user.type(screen.getByLabelText(/^Name/), "Zapier form");
  await user.click(screen.getByLabelText(/Report events/));
  await user.click(screen.getByRole("button", { name: "Create key" }));
  expect((await screen.findByTestId("api-key-secret")).textContent).toContain("stk_0123456789abcdef_");
  expect(screen.getByRole("button", { name: "Copy the API key" })).toBeTruthy();
  const row = await screen.findByTestId("api-key");
  expect(row.textContent).toContain("never used");
  expect(row.textContent).not.toContain("secretsecret");
  await user.click(within(row).getByRole("button", { name: "Revoke" }));
  await user.click(within(row).getByRole("button", { name: "Revoke" }));
  expect(api.writes()).toEqual([
    { method: "POST", path: "/v1/api-keys", body: { name: "Zapier form", scopes: ["events:write"] } },
    { method: "DELETE", path: "/v1/api-keys/0123456789abcdef", body: undefined },
  ]);
});
