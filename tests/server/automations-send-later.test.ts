// Send later on an injected clock: stored on the server, sent once at its time (two runners racing), edited
// and cancelled by its author, cancelled by what the rep chose (a customer reply by default) and by an
// opt-out always; bad times are a 400 that stores nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { runDueSends } from "../../server/automations/send-due";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
const t0 = new Date("2030-03-04T15:00:00Z").getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
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
let n = 0;
const schedule = (id: string, json: Record<string, unknown>, token = w.token.alice) =>
  server.call("POST", `/v1/conversations/${id}/scheduled`, { token, json: { clientId: `later-${++n}`, ...json } });
const sentBodies = async (id: string) =>
  (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.messages
    .filter((m: { direction: string }) => m.direction === "outbound")
    .map((m: { body: string }) => m.body);
const listed = async (id: string) => (await server.call("GET", `/v1/conversations/${id}/scheduled`, { token: w.token.alice })).body.scheduled;

it("sends once at its time, as the rep, with two runners racing; not before", async () => {
  const id = await textIn("+14155550801");
  const res = await schedule(id, { body: "Following up tomorrow", sendAt: at(60).toISOString() });
  expect(res.status).toBe(201);
  expect(res.body.scheduled).toMatchObject({ status: "pending", cancelOn: ["customerReply"], authorId: w.userId.alice });
  expect(await runDueSends(server.app.ctx, "a", at(59))).toBe(0);
  await Promise.all([runDueSends(server.app.ctx, "a", at(61)), runDueSends(server.app.ctx, "b", at(61))]);
  expect(await sentBodies(id)).toEqual(["Following up tomorrow"]);
  const [s] = await listed(id);
  expect(s).toMatchObject({ status: "sent", messageId: expect.any(String) });
  expect(await runDueSends(server.app.ctx, "c", at(120))).toBe(0);
  const messages = (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.messages;
  expect(messages.find((m: { id: string }) => m.id === s.messageId).authorId).toBe(w.userId.alice);
});

it("the same clientId again answers with the first; edit and cancel by its author", async () => {
  const id = await textIn("+14155550802");
  const json = { body: "v1", sendAt: at(30).toISOString(), clientId: "same-key" };
  const first = await server.call("POST", `/v1/conversations/${id}/scheduled`, { token: w.token.alice, json });
  const again = await server.call("POST", `/v1/conversations/${id}/scheduled`, { token: w.token.alice, json });
  expect(again.body.scheduled.id).toBe(first.body.scheduled.id);
  const sid = first.body.scheduled.id;
  const edited = await server.call("PATCH", `/v1/scheduled/${sid}`, { token: w.token.alice, json: { body: "v2", sendAt: at(45).toISOString() } });
  expect(edited.body.scheduled).toMatchObject({ body: "v2", sendAt: at(45).toISOString() });
  const cancelled = await server.call("DELETE", `/v1/scheduled/${sid}`, { token: w.token.alice });
  expect(cancelled.body.scheduled).toMatchObject({ status: "cancelled", reason: expect.stringContaining("cancelled by") });
  expect((await server.call("PATCH", `/v1/scheduled/${sid}`, { token: w.token.alice, json: { body: "v3" } })).status).toBe(409);
  await runDueSends(server.app.ctx, "a", at(50));
  expect(await sentBodies(id)).toEqual([]);
});

it("a customer reply cancels it (the default); one that does not cancel on replies still goes", async () => {
  const id = await textIn("+14155550803");
  const cancels = (await schedule(id, { body: "Any news?", sendAt: at(10).toISOString() })).body.scheduled.id;
  const stays = (await schedule(id, { body: "Reminder: visit at 3", sendAt: at(10).toISOString(), cancelOn: [] })).body.scheduled.id;
  await textIn("+14155550803", "Yes, all good");
  const byId = Object.fromEntries((await listed(id)).map((s: { id: string }) => [s.id, s]));
  expect(byId[cancels]).toMatchObject({ status: "cancelled", reason: "cancelled: the customer replied" });
  expect(byId[stays].status).toBe("pending");
  await runDueSends(server.app.ctx, "a", at(11));
  expect(await sentBodies(id)).toEqual(["Reminder: visit at 3"]);
});

it("a teammate's reply, resolving and reassigning cancel it when chosen; an opt-out always does", async () => {
  const id = await textIn("+14155550804");
  const all = ["agentReply", "resolved", "reassigned"];
  const a = (await schedule(id, { body: "a", sendAt: at(10).toISOString(), cancelOn: all })).body.scheduled.id;
  await server.call("POST", `/v1/conversations/${id}/messages`, { token: w.token.bob, json: { body: "Bob here", clientId: "bob-1" } });
  const b = (await schedule(id, { body: "b", sendAt: at(10).toISOString(), cancelOn: all })).body.scheduled.id;
  await server.call("PATCH", `/v1/conversations/${id}`, { token: w.token.alice, json: { assigneeId: w.userId.bob } });
  const c = (await schedule(id, { body: "c", sendAt: at(10).toISOString(), cancelOn: all })).body.scheduled.id;
  await server.call("PATCH", `/v1/conversations/${id}`, { token: w.token.alice, json: { status: "resolved" } });
  const d = (await schedule(id, { body: "d", sendAt: at(10).toISOString(), cancelOn: [] })).body.scheduled.id;
  await settled();
  await textIn("+14155550804", "STOP");
  const byId = Object.fromEntries((await listed(id)).map((s: { id: string; reason: string }) => [s.id, s.reason]));
  expect(byId).toEqual({
    [a]: "cancelled: a teammate replied",
    [b]: "cancelled: the conversation was reassigned",
    [c]: "cancelled: the conversation was resolved",
    [d]: "cancelled: the contact opted out",
  });
  await runDueSends(server.app.ctx, "a", at(11));
  expect(await sentBodies(id)).toEqual(["Bob here"]);
});

it("a time in the past or over a year away, an empty text, a stranger's conversation: refused, nothing stored", async () => {
  const id = await textIn("+14155550805");
  for (const json of [
    { body: "x", sendAt: at(-1).toISOString() },
    { body: "x", sendAt: at(60 * 24 * 400).toISOString() },
    { body: " ", sendAt: at(5).toISOString() },
  ])
    expect((await schedule(id, json)).status).toBe(400);
  expect((await schedule("conv_nope", { body: "x", sendAt: at(5).toISOString() })).status).toBe(404);
  expect(await listed(id)).toEqual([]);
  const sid = (await schedule(id, { body: "mine", sendAt: at(5).toISOString() })).body.scheduled.id;
  expect((await server.call("DELETE", `/v1/scheduled/${sid}`, { token: w.token.bob })).status).toBe(403);
  expect((await server.call("PATCH", `/v1/scheduled/${sid}`, { token: w.token.alice, json: { sendAt: at(-5).toISOString() } })).status).toBe(400);
});
