// The contact-side conditions on an injected clock: the contact's local time (from their number's zone), the
// number's type (libphonenumber's plan: a London landline, a UK mobile, a US number of unknown type), a tag
// and a field the contact got from an inbound event; each false one says why in the run log.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date("2030-03-04T14:00:00Z"); // 09:00 New York, 06:00 Los Angeles, 14:00 London
});
afterAll(() => server?.close());

const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const rule = async (name: string, conditions: unknown[]) =>
  (
    await server.call("POST", "/v1/automations/rules", {
      token: w.token.admin,
      json: { name, trigger: { type: "message.inbound" }, conditions, actions: [{ type: "addNote", body: name }] },
    })
  ).body.rule.id as string;
const textIn = async (from: string) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body: "hello" } });
  await settled();
  return res.body.message.conversationId as string;
};
const outcome = async (ruleId: string, conversationId: string) => {
  const runs = (await server.call("GET", `/v1/automations/rules/${ruleId}/runs`, { token: w.token.admin })).body.runs;
  const run = runs.find((r: { conversationId: string }) => r.conversationId === conversationId);
  return run.outcome === "fired" ? "fired" : run.detail[0];
};

it("local time, number type, tag and contact field", async () => {
  const daytime = await rule("Daytime", [{ type: "localTime", from: "08:00", to: "21:00" }]);
  const landline = await rule("Landline", [{ type: "numberType", is: "landline" }]);
  const vip = await rule("VIP", [{ type: "contactTag", tag: "vip" }]);
  const gold = await rule("Gold", [{ type: "contactAttribute", key: "plan", equals: "gold" }]);
  const event = await server.call("POST", "/v1/events", {
    token: w.token.admin,
    json: { type: "lead.created", contact: { phone: "+12125550991", attributes: { plan: "gold" }, tags: ["VIP"] }, idempotencyKey: "cond-1" },
  });
  expect(event.status).toBe(201);
  const newYork = await textIn("+12125550991");
  const losAngeles = await textIn("+14155550991");
  const londonLandline = await textIn("+442071838750");
  const ukMobile = await textIn("+447911123456");
  expect(await outcome(daytime, newYork)).toBe("fired");
  expect(await outcome(daytime, losAngeles)).toBe("condition false: it is 06:00 for the contact");
  expect(await outcome(daytime, londonLandline)).toBe("fired");
  expect(await outcome(landline, londonLandline)).toBe("fired");
  expect(await outcome(landline, ukMobile)).toBe("condition false: the number is a mobile");
  expect(await outcome(landline, newYork)).toBe("condition false: the number is of unknown type");
  expect(await outcome(vip, newYork)).toBe("fired");
  expect(await outcome(vip, losAngeles)).toBe("condition false: not tagged vip");
  expect(await outcome(gold, newYork)).toBe("fired");
  expect(await outcome(gold, ukMobile)).toBe("condition false: plan is not set");
});
