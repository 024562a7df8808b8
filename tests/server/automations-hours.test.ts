// Business hours (split shifts, holidays, the inbox's IANA zone) on an injected clock, and idempotency: the
// same feed event read again — by a restarted server, or by two runs at once — is not acted on twice.
import { afterAll, afterEach, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock, runAutomations } from "../../server/automations/engine";
import { isWithinHours } from "../../server/automations/business-hours";
import { feedHead } from "../../server/push/push-jobs.repository";
import type { BusinessHours } from "../../src/protocol/automations";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => {});
});
afterEach(() => {
  automationClock.now = () => new Date();
});

const none: BusinessHours["weekly"]["mon"] = [];
const hours: BusinessHours = {
  timeZone: "America/New_York",
  weekly: {
    mon: [
      { from: "09:00", to: "12:00" },
      { from: "13:00", to: "17:30" },
    ],
    tue: none,
    wed: none,
    thu: none,
    fri: [{ from: "09:00", to: "17:00" }],
    sat: none,
    sun: none,
  },
  holidays: ["2026-12-25"],
};

it("knows a split shift, a holiday and daylight saving in the inbox's zone", () => {
  const at = (iso: string) => isWithinHours(hours, new Date(iso));
  expect(at("2026-12-07T14:00:00Z")).toBe(true); // Monday 09:00 EST: the first shift opens
  expect(at("2026-12-07T13:59:00Z")).toBe(false);
  expect(at("2026-12-07T17:30:00Z")).toBe(false); // 12:30: lunch between the shifts
  expect(at("2026-12-07T18:00:00Z")).toBe(true); // 13:00: the second shift
  expect(at("2026-12-07T22:29:00Z")).toBe(true);
  expect(at("2026-12-07T22:30:00Z")).toBe(false); // 17:30: closed
  expect(at("2026-12-18T15:00:00Z")).toBe(true); // an ordinary Friday
  expect(at("2026-12-25T15:00:00Z")).toBe(false); // Christmas, a Friday: holiday
  expect(at("2026-07-06T13:30:00Z")).toBe(true); // Monday 09:30 EDT (UTC-4)
  expect(at("2026-12-08T02:00:00Z")).toBe(false); // Monday 21:00 in New York, already Tuesday in UTC
  expect(isWithinHours({ ...hours, timeZone: "Asia/Kolkata" }, new Date("2026-12-07T04:00:00Z"))).toBe(true); // 09:30 IST (+05:30)
});

async function setup(dbFile?: string) {
  const server = await startServer({}, dbFile);
  servers.push(server);
  const w = await workspace(server);
  return { server, w, dbFile: server.dbFile };
}
const settled = (server: TestServer) =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });

it("sends the after-hours reply outside business hours only, and never twice for one text across a restart or racing runs", { timeout: 180_000 }, async () => {
  const { server, w } = await setup();
  const call = (method: "GET" | "POST" | "PUT", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
  expect((await call("PUT", `/v1/inboxes/${w.mainLine}/business-hours`, hours)).status).toBe(200);
  const tpl = await call("POST", "/v1/templates", { name: "After hours", body: "We're closed now and will reply when we open." });
  const rule = await call("POST", "/v1/automations/rules", {
    name: "After-hours reply",
    trigger: { type: "message.inbound" },
    conditions: [{ type: "businessHours", within: false }],
    actions: [{ type: "sendTemplate", templateId: tpl.body.template.id }],
  });
  const ruleId = rule.body.rule.id;
  const textIn = async (from: string, body: string) => {
    const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
    await settled(server);
    return res.body.message.conversationId as string;
  };
  const replies = async (server: TestServer, id: string) =>
    (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.messages.filter((m: { body: string }) =>
      m.body.startsWith("We're closed"),
    ).length;

  automationClock.now = () => new Date("2026-12-07T17:30:00Z"); // Monday lunch
  const lunch = await textIn("+14155550701", "anyone there?");
  automationClock.now = () => new Date("2026-12-07T15:00:00Z"); // Monday 10:00
  const open = await textIn("+14155550702", "hi");
  automationClock.now = () => new Date("2026-12-25T15:00:00Z"); // holiday
  const holiday = await textIn("+14155550703", "merry christmas");
  expect(await replies(server, lunch)).toBe(1);
  expect(await replies(server, open)).toBe(0);
  expect(await replies(server, holiday)).toBe(1);
  const log = (await call("GET", `/v1/automations/rules/${ruleId}/runs`)).body.runs;
  expect(log.find((r: { conversationId: string }) => r.conversationId === open)).toMatchObject({
    outcome: "skipped",
    detail: ["condition false: within business hours"],
  });

  // Two runs at once over the same stretch of the feed (as two instances would): still one reply each.
  const db = automationDb(server.app.ctx.database.db);
  await db.updateTable("automationCursor").set({ position: 0 }).execute();
  automationClock.now = () => new Date("2026-12-07T17:30:00Z");
  await Promise.all([runAutomations(server.app.ctx), runAutomations(server.app.ctx)]);
  await settled(server);
  expect(await replies(server, lunch)).toBe(1);
  expect(await replies(server, open)).toBe(0);

  // A restart that reads the whole feed again: nothing fires again.
  const runsBefore = (await db.selectFrom("automationRun").selectAll().execute()).length;
  await db.updateTable("automationCursor").set({ position: 0 }).execute();
  await server.close();
  servers.pop();
  const second = await setup(server.dbFile);
  await settled(second.server);
  expect(await replies(second.server, lunch)).toBe(1);
  expect(await replies(second.server, holiday)).toBe(1);
  expect(await replies(second.server, open)).toBe(0);
  expect((await automationDb(second.server.app.ctx.database.db).selectFrom("automationRun").selectAll().execute()).length).toBe(runsBefore);
});

it("the demo's after-hours reply, once switched on, answers a Saturday text on Main line and not a Monday-morning one", { timeout: 60_000 }, async () => {
  const { server, w } = await setup();
  const call = (method: "GET" | "POST" | "PATCH", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
  const example = (await call("GET", "/v1/automations/rules")).body.rules.find((r: { name: string }) => r.name === "After-hours reply on Main line");
  expect(example).toMatchObject({ enabled: false });
  expect((await call("PATCH", `/v1/automations/rules/${example.id}`, { enabled: true })).status).toBe(200);
  const textIn = async (from: string) => {
    const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body: "hello?" } });
    await settled(server);
    const page = (await call("GET", `/v1/conversations/${res.body.message.conversationId}/messages`)).body;
    return page.messages.filter((m: { body: string }) => m.body.includes("closed right now")).length;
  };
  automationClock.now = () => new Date("2026-12-12T16:00:00Z"); // Saturday 11:00 in New York
  expect(await textIn("+14155550801")).toBe(1);
  automationClock.now = () => new Date("2026-12-14T15:00:00Z"); // Monday 10:00
  expect(await textIn("+14155550802")).toBe(0);
});
