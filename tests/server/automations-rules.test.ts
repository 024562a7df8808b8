// Managing automation rules over HTTP: owners and admins only, a bad rule is a 400 that stores nothing,
// business hours are checked the same way.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let w: Workspace;
let seeded: number;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  seeded = await ruleCount(); // the demo's example rule
});
afterAll(() => server?.close());

const autoReply = (name = "Greet") => ({
  name,
  trigger: { type: "message.inbound", first: true },
  actions: [{ type: "addNote", body: "New customer" }],
});
const ruleCount = async () => (await server.call("GET", "/v1/automations/rules", { token: w.token.admin })).body.rules.length;

it("lets owners create, list, change and delete rules; agents get 403", async () => {
  const created = await server.call("POST", "/v1/automations/rules", { token: w.token.admin, json: autoReply() });
  expect(created.status).toBe(201);
  expect(created.body.rule).toMatchObject({ name: "Greet", enabled: true, priority: 100, stopLower: false, match: "all", conditions: [] });
  const id = created.body.rule.id;

  for (const [method, path] of [
    ["GET", "/v1/automations/rules"],
    ["POST", "/v1/automations/rules"],
    ["PATCH", `/v1/automations/rules/${id}`],
    ["DELETE", `/v1/automations/rules/${id}`],
    ["GET", `/v1/automations/rules/${id}/runs`],
  ] as const) {
    const res = await server.call(method, path, { token: w.token.alice, json: method === "POST" || method === "PATCH" ? autoReply("Agent's") : undefined });
    expect(res.status, `${method} ${path}`).toBe(403);
  }

  const changed = await server.call("PATCH", `/v1/automations/rules/${id}`, { token: w.token.admin, json: { priority: 5, stopLower: true } });
  expect(changed.status).toBe(200);
  expect(changed.body.rule).toMatchObject({ priority: 5, stopLower: true, name: "Greet" });
  expect((await server.call("GET", `/v1/automations/rules/${id}/runs`, { token: w.token.admin })).body.runs).toEqual([]);
  expect((await server.call("DELETE", `/v1/automations/rules/${id}`, { token: w.token.admin })).status).toBe(204);
  expect((await server.call("DELETE", `/v1/automations/rules/${id}`, { token: w.token.admin })).status).toBe(404);
  expect(await ruleCount()).toBe(seeded);
});

it("refuses a bad rule with 400 and stores nothing", async () => {
  const bad = [
    { ...autoReply(), trigger: { type: "keyword", keyword: "stop" } },
    { ...autoReply(), trigger: { type: "keyword", keyword: "HELP", match: "contains" } },
    { ...autoReply(), actions: [] },
    { ...autoReply(), actions: [{ type: "assign", to: "user" }] },
    { ...autoReply(), actions: [{ type: "assign", to: "user", userId: "user_nobody" }] },
    { ...autoReply(), actions: [{ type: "sendTemplate", templateId: "tpl_missing" }] },
    { ...autoReply(), conditions: [{ type: "inbox", inboxIds: ["inbox_missing"] }] },
    { ...autoReply(), trigger: { type: "sometimes" } },
    { ...autoReply(), surprise: true },
  ];
  for (const json of bad) {
    const res = await server.call("POST", "/v1/automations/rules", { token: w.token.admin, json });
    expect(res.status, JSON.stringify(json)).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  }
  expect(await ruleCount()).toBe(seeded);
  const ok = await server.call("POST", "/v1/automations/rules", { token: w.token.admin, json: autoReply() });
  const patch = await server.call("PATCH", `/v1/automations/rules/${ok.body.rule.id}`, {
    token: w.token.admin,
    json: { actions: [{ type: "assign", to: "user" }] },
  });
  expect(patch.status).toBe(400);
  expect(
    (await server.call("GET", "/v1/automations/rules", { token: w.token.admin })).body.rules.find((r: { id: string }) => r.id === ok.body.rule.id).actions,
  ).toEqual(autoReply().actions);
});

it("sets business hours per inbox (admins) and refuses a bad zone or shift", async () => {
  const hours = {
    timeZone: "America/New_York",
    weekly: {
      mon: [
        { from: "09:00", to: "12:00" },
        { from: "13:00", to: "17:00" },
      ],
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [],
      sun: [],
    },
    holidays: ["2026-12-25"],
  };
  const path = `/v1/inboxes/${w.supportLine}/business-hours`;
  expect((await server.call("GET", path, { token: w.token.alice })).body.hours).toBeNull();
  expect((await server.call("PUT", path, { token: w.token.alice, json: hours })).status).toBe(403);
  expect((await server.call("PUT", path, { token: w.token.admin, json: { ...hours, timeZone: "Mars/Olympus" } })).status).toBe(400);
  expect(
    (await server.call("PUT", path, { token: w.token.admin, json: { ...hours, weekly: { ...hours.weekly, tue: [{ from: "17:00", to: "09:00" }] } } })).status,
  ).toBe(400);
  expect((await server.call("GET", path, { token: w.token.alice })).body.hours).toBeNull();
  expect((await server.call("PUT", path, { token: w.token.admin, json: hours })).status).toBe(200);
  expect((await server.call("GET", path, { token: w.token.alice })).body.hours).toEqual(hours);
});
