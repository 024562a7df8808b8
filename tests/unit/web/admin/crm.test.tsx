// @vitest-environment jsdom
// CRM connections in the admin console: the empty state says what to do, Connect sends the provider's token
// fields, a refusal from the CRM check is shown, and a connection lists without its token.
import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it } from "vitest";
import { failure, fakeApi, ok, renderConsole } from "./fake-api";

afterEach(cleanup);

const hubspot = {
  id: "crm_1",
  provider: "hubspot",
  label: "HubSpot",
  apiBase: "https://api.hubapi.com",
  logMode: "messages",
  fieldMap: {},
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
};

it("connects HubSpot with the private app token and lists it", async () => {
  let connected = false;
  const api = fakeApi({
    "GET /v1/integrations/crm": () => ok({ connections: connected ? [hubspot] : [] }),
    "POST /v1/integrations/crm": () => {
      connected = true;
      return { status: 201, body: { connection: hubspot } };
    },
  });
  renderConsole(api, "#/admin/crm");
  const user = userEvent.setup();
  expect(await screen.findByText(/No CRM connected yet/)).toBeTruthy();
  await user.type(screen.getByLabelText("Private app access token"), "pat-na1-abc");
  await user.click(screen.getByRole("button", { name: "Connect HubSpot" }));
  expect(await screen.findByTestId("crm-connection")).toBeTruthy();
  expect(api.writes()).toEqual([
    { method: "POST", path: "/v1/integrations/crm", body: { provider: "hubspot", logMode: "messages", credentials: { accessToken: "pat-na1-abc" } } },
  ]);
  expect(screen.getByTestId("crm-connections").textContent).not.toContain("pat-na1-abc");
});

it("shows why the CRM refused the credentials", async () => {
  const api = fakeApi({
    "GET /v1/integrations/crm": ok({ connections: [] }),
    "POST /v1/integrations/crm": failure(
      400,
      "validation_failed",
      "Could not connect to Pipedrive: Pipedrive refused the credentials (401): unauthorized access",
    ),
  });
  renderConsole(api, "#/admin/crm");
  const user = userEvent.setup();
  await user.selectOptions(await screen.findByLabelText("CRM"), "pipedrive");
  await user.type(screen.getByLabelText("API token"), "0123456789abcdef0123");
  await user.click(screen.getByRole("button", { name: "Connect Pipedrive" }));
  expect((await screen.findByRole("alert")).textContent).toMatch(/Pipedrive refused the credentials \(401\)/);
});
