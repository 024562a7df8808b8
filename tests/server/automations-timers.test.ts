// "No agent reply N minutes after an inbound text" on an injected clock: fires once when due (two runners
// racing for it), and is cancelled by an agent's reply, another customer text, resolving, or an opt-out.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationDb } from "../../server/automations/automations.schema";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { runDueTimers } from "../../server/automations/timers";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
let ruleId: string;
const t0 = new Date("2030-03-04T15:00:00Z").getTime();
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
  const res = await server.call("POST", "/v1/automations/rules", {
    token: w.token.admin,
    json: { name: "Nudge", trigger: { type: "noAgentReply", minutes: 10 }, actions: [{ type: "addNote", body: "No reply for 10 minutes" }] },
  });
  expect(res.status).toBe(201);
  ruleId = res.body.rule.id;
});
afterAll(() => server?.close());
afterEach(() => {
  automationClock.now = () => new Date(t0);
});

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
const nudges = async (id: string) =>
  (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.notes.filter((n: { body: string }) =>
    n.body.startsWith("No reply"),
  ).length;
const runOf = async (id: string) =>
  (await server.call("GET", `/v1/automations/rules/${ruleId}/runs`, { token: w.token.admin })).body.runs.filter(
    (r: { conversationId: string }) => r.conversationId === id,
  );
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

it("fires once when due, not before, with two runners racing", async () => {
  const id = await textIn("+14155550901");
  expect(await runDueTimers(server.app.ctx, "test", at(9))).toBe(0);
  await Promise.all([runDueTimers(server.app.ctx, "a", at(11)), runDueTimers(server.app.ctx, "b", at(11))]);
  expect(await nudges(id)).toBe(1);
  expect(await runDueTimers(server.app.ctx, "c", at(30))).toBe(0);
  expect(await runOf(id)).toMatchObject([{ outcome: "fired", detail: ["note added"] }]);
});

it("is cancelled by an agent's reply, resolving, an opt-out; another customer text starts it again", async () => {
  const replied = await textIn("+14155550902");
  const sent = await server.call("POST", `/v1/conversations/${replied}/messages`, { token: w.token.alice, json: { body: "On it", clientId: "c-timer-1" } });
  expect(sent.status).toBe(201);
  const resolved = await textIn("+14155550903");
  await server.call("PATCH", `/v1/conversations/${resolved}`, { token: w.token.alice, json: { status: "resolved" } });
  const optedOut = await textIn("+14155550904");
  await textIn("+14155550904", "STOP");
  const again = await textIn("+14155550905");
  automationClock.now = () => at(5);
  await textIn("+14155550905", "still there?");
  await settled();
  await runDueTimers(server.app.ctx, "t", at(12)); // 12 minutes after the first texts, 7 after "still there?"
  for (const id of [replied, resolved, optedOut, again]) expect(await nudges(id), id).toBe(0);
  expect((await runOf(replied))[0].detail).toEqual(["cancelled: an agent replied"]);
  expect((await runOf(resolved))[0].detail).toEqual(["cancelled: the conversation was resolved"]);
  // "STOP" restarted the wait (a customer's text), then the opt-out cancelled it: one line, the real cancel.
  expect((await runOf(optedOut)).map((r: { detail: string[] }) => r.detail)).toEqual([["cancelled: the contact opted out"]]);
  // The second text restarted the wait, which moved in place when first due (at 12): no "cancelled: the customer
  // texted again" line, one timer restarted once.
  expect(await runOf(again)).toEqual([]);
  const timers = () => automationDb(server.app.ctx.database.db).selectFrom("automationTimer").selectAll().where("conversationId", "=", again).execute();
  expect((await timers()).map((t) => [t.status, t.restarts, t.dueAt])).toEqual([["pending", 1, at(15).toISOString()]]);
  await runDueTimers(server.app.ctx, "t", at(16));
  expect(await nudges(again)).toBe(1);
  expect((await timers()).map((t) => t.status)).toEqual(["done"]);
});
