// A sequence's later steps check the rule's conditions again when they are due: a step whose condition no longer
// holds (the conversation was claimed meanwhile) is skipped, and the run log says why; the sequence goes on, and
// its next step, checked again, runs once the condition holds again. "The text contains" is the trigger's text,
// which does not change: it is not checked again.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let w: Workspace;
let phone = 5550900;
let offset = 0;
beforeAll(async () => {
  automationClock.now = () => new Date(Date.now() + offset);
  server = await startServer();
  w = await workspace(server);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await server?.close();
});
afterEach(async () => {
  offset = 0;
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "DELETE" | "PATCH", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (body: string) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: `+1415${phone++}`, body } });
  expect(res.status).toBe(201);
  await settled();
  return res.body.message.conversationId as string;
};
const notes = async (id: string) => (await api("GET", `/v1/conversations/${id}/messages`)).body.notes.map((n: { body: string }) => n.body);
const log = async (id: string) =>
  ((await api("GET", `/v1/automations/rules/${id}/runs`)).body.runs as Array<{ outcome: string; detail: string[] }>)
    .reverse()
    .map((r) => [r.outcome, ...r.detail]);
const assign = async (conversationId: string, assigneeId: string | null) => {
  expect((await api("PATCH", `/v1/conversations/${conversationId}`, { assigneeId })).status).toBe(200);
  await settled();
};

it("a later step whose condition no longer holds is skipped with the reason; the next step checks again and runs", async () => {
  const rule = await api("POST", "/v1/automations/rules", {
    name: "Chase unclaimed leads",
    trigger: { type: "message.inbound", first: true },
    // "urgent" matched the first text; with match: all it is not asked again of later steps (there is no new text).
    conditions: [
      { type: "assignee", is: "none" },
      { type: "bodyContains", text: "urgent" },
    ],
    actions: [
      { type: "addNote", body: "Unclaimed: step 1" },
      { type: "wait", minutes: 30 },
      { type: "addNote", body: "Unclaimed: step 2" },
      { type: "wait", minutes: 30 },
      { type: "addNote", body: "Unclaimed: step 3" },
    ],
    cancelOn: [], // an assignment would otherwise cancel the sequence outright
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  const id = rule.body.rule.id as string;
  const conversationId = await textIn("urgent: my order never came");
  expect(await notes(conversationId)).toEqual(["Unclaimed: step 1"]);

  await assign(conversationId, w.userId.alice);
  offset = 31 * 60_000;
  await waitFor("step 2 to be judged", async () => (await log(id)).length === 2);
  expect(await notes(conversationId)).toEqual(["Unclaimed: step 1"]);
  expect((await log(id))[1]).toEqual([
    "skipped",
    "step 2 skipped:",
    "condition false: already assigned",
    expect.stringMatching(/^waits 30 minutes: step 3 at /),
  ]);

  await assign(conversationId, null);
  offset = 62 * 60_000;
  await waitFor("step 3", async () => (await notes(conversationId)).includes("Unclaimed: step 3"));
  expect(await notes(conversationId)).toEqual(["Unclaimed: step 1", "Unclaimed: step 3"]);
  expect((await log(id))[2]).toEqual(["fired", "step 3:", "note added"]);
});
