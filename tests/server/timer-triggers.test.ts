// The timer triggers on an injected clock: "no customer reply N minutes after a teammate's text", "in a status
// for N minutes" and "unassigned for N minutes" (which reassigns, round robin among who is available). Each
// fires once when due and not before, and each is cancelled by what ends the wait, with the reason logged.
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
let phone = 5550700;
const t0 = new Date("2030-03-05T15:00:00Z").getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await server?.close();
});
afterEach(async () => {
  automationClock.now = () => new Date(t0);
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, json?: unknown, token = w.token.admin) => server.call(method, path, { token, json });
const rule = async (json: Record<string, unknown>) => {
  const res = await api("POST", "/v1/automations/rules", { name: "timer", ...json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
/** Reads the feed with the clock at `minutes`, so timers start then. */
const atMinute = async (minutes: number, work: () => Promise<unknown>) => {
  automationClock.now = () => at(minutes);
  await work();
  await settled();
  automationClock.now = () => new Date(t0);
};
const textIn = async (from: string, body = "hello") => {
  const res = await api("POST", "/v1/simulator/inbound", { inboxId: w.mainLine, from, body }, w.token.alice);
  expect(res.status).toBe(201);
  await settled();
  return res.body.message.conversationId as string;
};
let client = 0;
const reply = async (id: string) => {
  const res = await api("POST", `/v1/conversations/${id}/messages`, { body: "Any news?", clientId: `timer-${client++}` }, w.token.alice);
  expect(res.status).toBe(201);
  await settled();
};
const notes = async (id: string, body: string) =>
  (await api("GET", `/v1/conversations/${id}/messages`)).body.notes.filter((n: { body: string }) => n.body === body).length;
const runsOf = async (ruleId: string, id: string) =>
  (await api("GET", `/v1/automations/rules/${ruleId}/runs`)).body.runs.filter((r: { conversationId: string }) => r.conversationId === id);
const due = (minutes: number) => runDueTimers(server.app.ctx, "test", at(minutes));

it("no customer reply N minutes after a teammate's text: once when due; their reply cancels it, the team's next text restarts it", async () => {
  const id = await rule({ trigger: { type: "noCustomerReply", minutes: 20 }, actions: [{ type: "addNote", body: "Follow up" }] });
  const [waiting, answered, twice] = [`+1415${phone++}`, `+1415${phone++}`, `+1415${phone++}`];
  const ids: Record<string, string> = {};
  for (const from of [waiting, answered, twice]) {
    ids[from] = await textIn(from);
    await reply(ids[from]);
  }
  await atMinute(5, () => textIn(answered, "thanks, all good"));
  await atMinute(10, () => reply(ids[twice]));
  expect(await due(19)).toBe(0);
  await due(21);
  expect(await notes(ids[waiting], "Follow up")).toBe(1);
  expect(await notes(ids[answered], "Follow up")).toBe(0);
  expect(await notes(ids[twice], "Follow up")).toBe(0); // its first wait was cancelled by the second text
  await due(31);
  expect(await notes(ids[twice], "Follow up")).toBe(1);
  await due(120);
  for (const from of [waiting, twice]) expect(await notes(ids[from], "Follow up")).toBe(1);
  expect(await notes(ids[answered], "Follow up")).toBe(0);
  expect((await runsOf(id, ids[waiting]))[0]).toMatchObject({ outcome: "fired", detail: ["note added"] });
  expect((await runsOf(id, ids[answered]))[0].detail).toEqual(["cancelled: the customer texted again"]);
  // The team's second text moved the wait in place: one timer, restarted once, and no "cancelled" line for it.
  expect((await runsOf(id, ids[twice])).map((r: { detail: string[] }) => r.detail[0])).toEqual(["note added"]);
  const timers = await automationDb(server.app.ctx.database.db).selectFrom("automationTimer").selectAll().where("conversationId", "=", ids[twice]).execute();
  expect(timers.map((t) => [t.status, t.restarts])).toEqual([["done", 1]]);
});

it("a rule's own text starts no 'no customer reply' wait (loop-proof)", async () => {
  await rule({ trigger: { type: "message.inbound" }, actions: [{ type: "sendText", body: "Thanks, we got it" }] });
  const follow = await rule({ trigger: { type: "noCustomerReply", minutes: 5 }, actions: [{ type: "addNote", body: "Follow up" }] });
  const id = await textIn(`+1415${phone++}`);
  await due(60);
  expect(await notes(id, "Follow up")).toBe(0);
  expect(await runsOf(follow, id)).toEqual([]);
});

it("in a status for N minutes: from when it moved there; moving elsewhere cancels it", async () => {
  const id = await rule({ trigger: { type: "inStatus", status: "pending", minutes: 60 }, actions: [{ type: "addNote", body: "Pending an hour" }] });
  const stays = await textIn(`+1415${phone++}`);
  const leaves = await textIn(`+1415${phone++}`);
  await atMinute(10, async () => {
    for (const c of [stays, leaves]) expect((await api("PATCH", `/v1/conversations/${c}`, { status: "pending" }, w.token.alice)).status).toBe(200);
  });
  await atMinute(30, () => api("PATCH", `/v1/conversations/${leaves}`, { status: "open" }, w.token.alice));
  expect(await due(69)).toBe(0); // 60 minutes after it became pending, not after the conversation started
  await due(71);
  expect(await notes(stays, "Pending an hour")).toBe(1);
  expect(await notes(leaves, "Pending an hour")).toBe(0);
  expect((await runsOf(id, leaves))[0].detail).toEqual(["cancelled: the status changed to open"]);
  await due(200);
  expect(await notes(stays, "Pending an hour")).toBe(1);
});

it("in status open: a new conversation starts it; a rule's own status change (which cancels nothing) is seen when it is due", async () => {
  const id = await rule({ trigger: { type: "inStatus", status: "open", minutes: 30 }, actions: [{ type: "addNote", body: "Open 30 min" }] });
  await rule({ trigger: { type: "keyword", keyword: "later" }, actions: [{ type: "setStatus", status: "pending" }] });
  const open = await textIn(`+1415${phone++}`);
  const from = `+1415${phone++}`;
  const parked = await textIn(from);
  await textIn(from, "later");
  await due(31);
  expect(await notes(open, "Open 30 min")).toBe(1);
  expect(await notes(parked, "Open 30 min")).toBe(0);
  expect((await runsOf(id, parked)).map((r: { detail: string[] }) => r.detail[0])).toContain("skipped: the conversation is pending now");
});

it("unassigned for N minutes: assigns round robin to who is available; an assignment meanwhile cancels it", async () => {
  const id = await rule({
    trigger: { type: "unassigned", minutes: 15 },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  const lonely = await textIn(`+1415${phone++}`);
  const taken = await textIn(`+1415${phone++}`);
  await atMinute(5, () => api("PATCH", `/v1/conversations/${taken}`, { assigneeId: w.userId.alice }, w.token.alice));
  // Bob's panel is open (seen at minute 14); nobody else of Main line has a client signed in.
  await atMinute(14, () => api("GET", "/v1/me/availability", undefined, w.token.bob));
  expect(await due(14)).toBe(0);
  await due(16);
  expect((await api("GET", `/v1/conversations/${lonely}`)).body.conversation.assigneeId).toBe(w.userId.bob);
  expect((await api("GET", `/v1/conversations/${taken}`)).body.conversation.assigneeId).toBe(w.userId.alice);
  expect((await runsOf(id, taken))[0].detail).toEqual(["cancelled: the conversation was reassigned"]);
  expect((await runsOf(id, lonely))[0]).toMatchObject({ outcome: "fired", detail: [`assigned to ${w.userId.bob}`] });
});
