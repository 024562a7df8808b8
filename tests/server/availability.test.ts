// Who round robin and fewest open may pick: members signed in (a live stream, seen in the last 3 minutes) who
// are not away, while the inbox is within its business hours. Members come and go: streams open and close,
// teammates switch away on and off, a holiday closes the inbox. On an injected clock.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { openStream, type StreamConn } from "./support/stream-client";
import { snapshot, workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
let phone = 5550900;
const streams: StreamConn[] = [];
// Thursday 10:00 in New York: within Main line's demo hours (09:00–12:30, 13:30–17:30).
const t0 = new Date("2030-03-07T15:00:00Z").getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await Promise.all(streams.map((s) => s.close()));
  await server?.close();
});
afterEach(async () => {
  automationClock.now = () => new Date(t0);
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, json?: unknown, token = w.token.admin) =>
  server.call(method, path, { token, json });
const rule = async (json: Record<string, unknown>) => {
  const res = await api("POST", "/v1/automations/rules", { name: "assign", ...json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const assigneeOfNewText = async () => {
  const res = await api("POST", "/v1/simulator/inbound", { inboxId: w.mainLine, from: `+1415${phone++}`, body: "hi" }, w.token.alice);
  expect(res.status).toBe(201);
  await settled();
  return (await api("GET", `/v1/conversations/${res.body.message.conversationId}`)).body.conversation.assigneeId as string | null;
};
const lastSeen = async (userId: string) =>
  (await automationDb(server.app.ctx.database.db).selectFrom("memberAvailability").select("lastSeenAt").where("userId", "=", userId).executeTakeFirst())
    ?.lastSeenAt;
/** Opens a stream as the user (the panel open) and waits until the server has seen them. */
const signIn = async (token: string, userId: string) => {
  const before = await lastSeen(userId);
  const conn = await openStream(server, token, 1_000_000);
  streams.push(conn);
  await waitFor("the stream's sign-in to be recorded", async () => (await lastSeen(userId)) !== before || before === automationClock.now().toISOString());
  return conn;
};

it("GET/PATCH /v1/me/availability: away on and off; a bad body is a 400 that changes nothing", async () => {
  expect((await api("GET", "/v1/me/availability", undefined, w.token.bob)).body.availability).toMatchObject({ away: false, signedIn: true });
  expect((await api("PATCH", "/v1/me/availability", { away: true }, w.token.bob)).body.availability).toMatchObject({ away: true, signedIn: true });
  const before = await snapshot(server);
  for (const bad of [{ away: "yes" }, {}, { away: true, extra: 1 }]) {
    const res = await api("PATCH", "/v1/me/availability", bad, w.token.bob);
    expect(res.status, JSON.stringify(bad)).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  }
  expect(await snapshot(server)).toEqual(before);
  expect((await api("GET", "/v1/me/availability", undefined, w.token.bob)).body.availability.away).toBe(true);
  expect((await api("PATCH", "/v1/me/availability", { away: false }, w.token.bob)).body.availability.away).toBe(false);
  expect((await server.call("GET", "/v1/me/availability", {})).status).toBe(401);
});

it("round robin skips who is away or signed out, and follows them coming back", async () => {
  await rule({
    trigger: { type: "conversation.created" },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  const alice = await signIn(w.token.alice, w.userId.alice);
  await signIn(w.token.bob, w.userId.bob);
  // Only Alice and Bob have a client open (the admin and the other demo members of Main line do not).
  const two = [await assigneeOfNewText(), await assigneeOfNewText(), await assigneeOfNewText(), await assigneeOfNewText()];
  expect(new Set(two)).toEqual(new Set([w.userId.alice, w.userId.bob]));
  expect(two[0]).not.toBe(two[1]);
  // Bob steps away: only Alice.
  await api("PATCH", "/v1/me/availability", { away: true }, w.token.bob);
  expect([await assigneeOfNewText(), await assigneeOfNewText()]).toEqual([w.userId.alice, w.userId.alice]);
  // Bob is back; Alice closes her panel and 4 minutes pass (Bob's stream keeps pinging).
  await api("PATCH", "/v1/me/availability", { away: false }, w.token.bob);
  await alice.close();
  automationClock.now = () => at(4);
  const bobStream = streams[streams.length - 1];
  bobStream.send({ type: "ping" });
  await bobStream.waitForFrame("pong");
  await waitFor("Bob's ping to be recorded", async () => (await lastSeen(w.userId.bob)) === at(4).toISOString());
  expect([await assigneeOfNewText(), await assigneeOfNewText()]).toEqual([w.userId.bob, w.userId.bob]);
});

it("fewest open picks among available members only; nobody available leaves it unassigned and says so", async () => {
  automationClock.now = () => at(30); // every earlier stream sign-in is stale now
  const ruleId = await rule({
    trigger: { type: "conversation.created" },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    actions: [{ type: "assign", to: "fewestOpen" }],
  });
  expect(await assigneeOfNewText()).toBeNull();
  const runs = (await api("GET", `/v1/automations/rules/${ruleId}/runs`)).body.runs;
  expect(runs[0]).toMatchObject({ outcome: "fired", detail: ["assign: nobody available in this inbox"] });
  // The admin signs in (seen at minute 30): the only one available, however many open conversations they have.
  await signIn(w.token.admin, w.userId.admin);
  expect([await assigneeOfNewText(), await assigneeOfNewText()]).toEqual([w.userId.admin, w.userId.admin]);
});

it("outside business hours (a holiday) nobody is available", async () => {
  automationClock.now = () => at(60);
  await signIn(w.token.alice, w.userId.alice);
  await rule({
    trigger: { type: "conversation.created" },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  expect(await assigneeOfNewText()).toBe(w.userId.alice);
  const hours = (await api("GET", `/v1/inboxes/${w.mainLine}/business-hours`)).body.hours;
  expect((await api("PUT", `/v1/inboxes/${w.mainLine}/business-hours`, { ...hours, holidays: ["2030-03-07"] })).status).toBe(200);
  expect(await assigneeOfNewText()).toBeNull();
  await api("PUT", `/v1/inboxes/${w.mainLine}/business-hours`, hours);
});
