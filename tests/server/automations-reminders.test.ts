// Time-in-the-event timers and quiet hours, on an injected clock: the demo's appointment reminder fires 24 h
// before data.startsAt, once, is not cancelled by a customer text (its rule's cancelOn) but is by resolving;
// rule texts inside quiet hours wait for the window in the recipient's zone — US numbers in four zones and
// one in London — and go once when it opens.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { runDueSends } from "../../server/automations/send-due";
import { runDueTimers } from "../../server/automations/timers";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
// Monday 4 March 2030, 14:00 UTC: 09:00 in New York, 08:00 Chicago, 07:00 Denver, 06:00 Los Angeles, 04:00 Honolulu, 14:00 London.
const t0 = new Date("2030-03-04T14:00:00Z").getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const rules: Record<string, { id: string }> = {};
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
  for (const r of (await server.call("GET", "/v1/automations/rules", { token: w.token.admin })).body.rules) rules[r.name] = r;
});
afterAll(() => server?.close());

const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (from: string, body = "hello") => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  await settled();
  return res.body.message.conversationId as string;
};
const outbound = async (id: string) =>
  (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.messages
    .filter((m: { direction: string }) => m.direction === "outbound")
    .map((m: { body: string }) => m.body);
const enable = (id: string, enabled: boolean) => server.call("PATCH", `/v1/automations/rules/${id}`, { token: w.token.admin, json: { enabled } });
const runsOf = async (ruleId: string, conversationId: string) =>
  (await server.call("GET", `/v1/automations/rules/${ruleId}/runs`, { token: w.token.admin })).body.runs.filter(
    (r: { conversationId: string }) => r.conversationId === conversationId,
  );
const book = async (phone: string, startsAt: Date, key: string) => {
  const res = await server.call("POST", "/v1/events", {
    token: w.token.admin,
    json: { type: "appointment.booked", contact: { phone, name: "Pat Kim" }, data: { startsAt: startsAt.toISOString() }, idempotencyKey: key },
  });
  expect(res.status).toBe(201);
  await settled();
};

it("the appointment reminder goes 24 h before startsAt, once; a customer text meanwhile does not stop it, resolving does", async () => {
  const reminder = rules["Appointment reminder (24 h before)"].id;
  expect((await enable(reminder, true)).status).toBe(200);
  const kept = await textIn("+12125550701");
  const resolved = await textIn("+12125550702");
  await book("+12125550701", at(48 * 60), "appt-1");
  await book("+12125550702", at(48 * 60), "appt-2");
  await book("+12125550702", at(60), "appt-3"); // in an hour: 24 h before has passed
  await textIn("+12125550701", "Looking forward to it");
  await server.call("PATCH", `/v1/conversations/${resolved}`, { token: w.token.alice, json: { status: "resolved" } });
  await settled();
  expect(await runDueTimers(server.app.ctx, "a", at(23 * 60))).toBe(0);
  await Promise.all([runDueTimers(server.app.ctx, "a", at(24 * 60 + 1)), runDueTimers(server.app.ctx, "b", at(24 * 60 + 1))]);
  expect(await outbound(kept)).toEqual(["Hi Pat, a reminder of your appointment with us tomorrow. Reply here if you need to change it."]);
  expect(await outbound(resolved)).toEqual([]);
  const details = (await runsOf(reminder, resolved)).map((r: { detail: string[] }) => r.detail[0]);
  expect(details).toEqual(expect.arrayContaining(["cancelled: the conversation was resolved", "skipped: that time has passed"]));
  await enable(reminder, false);
});

it("quiet hours: rule texts wait for 08:00 in the recipient's zone (four US zones, London), then go once", async () => {
  const q = await server.call("PUT", "/v1/quiet-hours", { token: w.token.admin, json: { enabled: true, from: "08:00", to: "21:00" } });
  expect(q.status).toBe(200);
  const rule = await server.call("POST", "/v1/automations/rules", {
    token: w.token.admin,
    json: { name: "Thanks", trigger: { type: "message.inbound" }, actions: [{ type: "sendText", body: "Thanks, we got it" }] },
  });
  const numbers = { newYork: "+12125550711", chicago: "+13125550711", denver: "+17205550711", losAngeles: "+14155550711", london: "+442071838750" };
  const ids: Record<string, string> = {};
  for (const [city, phone] of Object.entries(numbers)) ids[city] = await textIn(phone);
  const sent = async () => Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([c, id]) => [c, (await outbound(id)).length])));
  expect(await sent()).toEqual({ newYork: 1, chicago: 1, denver: 0, losAngeles: 0, london: 1 });
  const [waiting] = await runsOf(rule.body.rule.id, ids.denver);
  expect(waiting.detail[0]).toBe("quiet hours where the recipient is (America/Denver): waits until 2030-03-04T15:00:00.000Z");
  const recipient = (await server.call("GET", `/v1/conversations/${ids.losAngeles}/recipient`, { token: w.token.alice })).body.recipient;
  expect(recipient).toMatchObject({ timeZones: ["America/Los_Angeles"], localTime: "06:00", inQuietHours: true, opensAt: "2030-03-04T16:00:00.000Z" });
  await runDueSends(server.app.ctx, "a", at(59));
  expect(await sent()).toEqual({ newYork: 1, chicago: 1, denver: 0, losAngeles: 0, london: 1 });
  await Promise.all([runDueSends(server.app.ctx, "a", at(60)), runDueSends(server.app.ctx, "b", at(60))]);
  expect(await sent()).toEqual({ newYork: 1, chicago: 1, denver: 1, losAngeles: 0, london: 1 });
  await runDueSends(server.app.ctx, "a", at(120));
  expect(await sent()).toEqual({ newYork: 1, chicago: 1, denver: 1, losAngeles: 1, london: 1 });
  await server.call("PUT", "/v1/quiet-hours", { token: w.token.admin, json: { enabled: false, from: "08:00", to: "21:00" } });
});

it("quiet hours: a bad window is a 400, agents may not set it", async () => {
  expect((await server.call("PUT", "/v1/quiet-hours", { token: w.token.admin, json: { enabled: true, from: "21:00", to: "08:00" } })).status).toBe(400);
  expect((await server.call("PUT", "/v1/quiet-hours", { token: w.token.alice, json: { enabled: true, from: "08:00", to: "21:00" } })).status).toBe(403);
  expect((await server.call("GET", "/v1/quiet-hours", { token: w.token.alice })).body.quietHours.enabled).toBe(false);
});
