// The demo's after-hours auto-reply stays silent while someone is on the conversation: when it is claimed
// (assigned), or a teammate texted in it in the last 30 minutes. Messages carry the real time, so the clock
// here runs from now; "after hours" is made with holidays on today's and tomorrow's dates in New York.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { wallClock } from "../../server/automations/business-hours";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";

const REPLY = "Thanks for your text! We're closed right now";
let server: TestServer;
let w: Workspace;
let ruleId: string;
let phone = 5551000;
const started = Date.now();
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(started);
  const example = (await api("GET", "/v1/automations/rules")).body.rules.find((r: { name: string }) => r.name === "After-hours reply on Main line");
  ruleId = example.id;
  expect((await api("PATCH", `/v1/automations/rules/${ruleId}`, { enabled: true })).status).toBe(200);
  const hours = (await api("GET", `/v1/inboxes/${w.mainLine}/business-hours`)).body.hours;
  const days = [0, 1].map((d) => wallClock(new Date(started + d * 86_400_000), "America/New_York").date);
  expect((await api("PUT", `/v1/inboxes/${w.mainLine}/business-hours`, { ...hours, holidays: days })).status).toBe(200);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await server?.close();
});

const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, json?: unknown, token = w.token.admin) => server.call(method, path, { token, json });
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (from: string) => {
  const res = await api("POST", "/v1/simulator/inbound", { inboxId: w.mainLine, from, body: "are you there?" }, w.token.alice);
  expect(res.status).toBe(201);
  await settled();
  return res.body.message.conversationId as string;
};
const autoReplies = async (id: string) =>
  (await api("GET", `/v1/conversations/${id}/messages`)).body.messages.filter((m: { body: string }) => m.body.startsWith(REPLY)).length;
const lastRun = async (id: string) =>
  (await api("GET", `/v1/automations/rules/${ruleId}/runs`)).body.runs.find((r: { conversationId: string }) => r.conversationId === id);

it("answers an after-hours text nobody is on", async () => {
  const id = await textIn(`+1415${phone++}`);
  expect(await autoReplies(id)).toBe(1);
});

it("stays silent for 30 minutes after a teammate's text, then answers again", async () => {
  const from = `+1415${phone++}`;
  const id = await textIn(from);
  expect(await autoReplies(id)).toBe(1);
  const sent = await api("POST", `/v1/conversations/${id}/messages`, { body: "I'm here, one moment", clientId: "after-hours-1" }, w.token.alice);
  expect(sent.status).toBe(201);
  await settled();
  automationClock.now = () => new Date(started + 10 * 60_000);
  await textIn(from);
  expect(await autoReplies(id)).toBe(1);
  expect((await lastRun(id)).detail).toEqual([expect.stringMatching(/^condition false: a teammate texted \d+ min ago$/)]);
  automationClock.now = () => new Date(Date.now() + 31 * 60_000);
  await textIn(from);
  expect(await autoReplies(id)).toBe(2);
});

it("stays silent when the conversation is claimed", async () => {
  const from = `+1415${phone++}`;
  const id = await textIn(from);
  expect((await api("PATCH", `/v1/conversations/${id}`, { assigneeId: w.userId.bob }, w.token.alice)).status).toBe(200);
  await settled();
  automationClock.now = () => new Date(Date.now() + 60 * 60_000);
  await textIn(from);
  expect(await autoReplies(id)).toBe(1);
  expect((await lastRun(id)).detail).toEqual(["condition false: already assigned"]);
});
