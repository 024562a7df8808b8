// @vitest-environment jsdom
// HQ writes a rule pack in the console (issue 18): the form sends the API's body (name, rules with key, locked,
// may-turn-off and the automation rule, where to push), shows problems before sending and the server's refusal
// in its words, and "New version" sends the pack as edited. A fake Inbox API at the fetch edge.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it } from "vitest";
import { at, failure, fakeApi, managedInbox, ok, renderConsole } from "./fake-api";

afterEach(cleanup);

const org = {
  organisation: { name: "Demo Co." },
  regions: [],
  locations: [
    { id: "loc_main", name: "Downtown", regionId: null, inboxIds: ["inb_main"], administered: true, createdAt: at },
    { id: "loc_air", name: "Airport", regionId: null, inboxIds: ["inb_air"], administered: true, createdAt: at },
  ],
};
const rule = {
  name: "Say hello",
  enabled: true,
  priority: 100,
  stopLower: false,
  trigger: { type: "message.inbound", first: false },
  match: "all",
  conditions: [],
  actions: [{ type: "sendText", body: "Hello from HQ" }],
  cancelOn: ["customerReply", "agentReply", "resolved", "reassigned"],
};
const pushed = (over: Record<string, unknown> = {}) => ({
  id: "rpk_1",
  name: "HQ basics",
  version: 1,
  rules: [{ key: "hello", locked: true, mayTurnOff: true, rule }],
  locationIds: ["loc_air"],
  createdAt: at,
  updatedAt: at,
  states: [{ key: "hello", locationId: "loc_air", locationName: "Airport", ruleId: "rul_1", version: 1, enabled: true, drift: "in_sync" }],
  ...over,
});

it("writes a pack, refuses what the API would, shows the server's refusal, then pushes it and a new version", async () => {
  const api = fakeApi({
    "GET /v1/rule-packs": [ok({ rulePacks: [] }), ok({ rulePacks: [pushed()] }), ok({ rulePacks: [pushed({ version: 2 })] })],
    "GET /v1/locations": ok(org),
    "GET /v1/admin/inboxes": ok({ inboxes: [managedInbox({ id: "inb_main", name: "Main line" })] }),
    "GET /v1/templates": ok({ templates: [] }),
    "GET /v1/webhooks": ok({ endpoints: [] }),
    "POST /v1/rule-packs": [failure(400, "validation_failed", "rules › 0 › rule: a pack rule must match all its conditions"), ok({ rulePack: pushed() })],
    "PATCH /v1/rule-packs/rpk_1": ok({ rulePack: pushed({ version: 2 }) }),
  });
  renderConsole(api, "#/admin/packs");
  expect(await screen.findByText("No rule packs yet")).toBeTruthy();
  await userEvent.click(screen.getByRole("button", { name: "New rule pack" }));
  const form = await screen.findByRole("form", { name: "New rule pack" });
  // Nothing typed: the problems are named and nothing is sent.
  await userEvent.click(within(form).getByRole("button", { name: "Create and push" }));
  expect(within(form).getByTestId("pack-problems").textContent).toMatch(/name/);
  expect(api.writes()).toEqual([]);
  await userEvent.type(within(form).getByLabelText("Pack name"), "HQ basics");
  await userEvent.type(within(form).getByLabelText("Rule name"), "Say hello");
  const key = within(form).getByLabelText(/^Key/);
  await userEvent.clear(key);
  await userEvent.type(key, "hello");
  await userEvent.click(within(form).getByLabelText("Locations may turn it off"));
  await userEvent.type(within(form).getByRole("textbox", { name: /text/i, hidden: false }), "Hello from HQ");
  await userEvent.click(within(form).getByLabelText("These locations:"));
  await userEvent.click(within(form).getByLabelText("Airport"));
  await userEvent.click(within(form).getByRole("button", { name: "Create and push" }));
  expect((await within(form).findByRole("alert")).textContent).toBe("rules › 0 › rule: a pack rule must match all its conditions");
  await userEvent.click(within(form).getByRole("button", { name: "Create and push" }));
  await waitFor(() => expect(screen.queryByRole("form", { name: "New rule pack" })).toBeNull());
  const body = { name: "HQ basics", rules: [{ key: "hello", locked: true, mayTurnOff: true, rule }], locationIds: ["loc_air"] };
  expect(api.writes()).toEqual([
    { method: "POST", path: "/v1/rule-packs", body },
    { method: "POST", path: "/v1/rule-packs", body },
  ]);
  const card = await screen.findByRole("article", { name: "HQ basics" });
  await userEvent.click(within(card).getByRole("button", { name: "New version" }));
  const next = await screen.findByRole("form", { name: "New version of HQ basics" });
  await userEvent.click(within(next).getByLabelText("Every location (new ones too)"));
  await userEvent.click(within(next).getByRole("button", { name: "Push the new version" }));
  await waitFor(() => expect(screen.queryByRole("form", { name: "New version of HQ basics" })).toBeNull());
  expect(api.writes().at(-1)).toEqual({ method: "PATCH", path: "/v1/rule-packs/rpk_1", body: { ...body, locationIds: null } });
  expect(api.unexpected).toEqual([]);
});
