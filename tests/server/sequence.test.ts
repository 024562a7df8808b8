// Sequences (follow-ups) on the injectable clock: a rule's actions after "wait N" run N later, each step in
// the run log; the rule's cancelOn events cancel what is still waiting (a customer's reply, a teammate's reply;
// not a rule's own text); a step runs once with two instances racing for it, and once across a restart in the
// middle of a sequence — also when the instance that had claimed it died before running it.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { claimDueSteps } from "../../server/automations/sequence-steps.repository";
import { runDueSteps } from "../../server/automations/sequences";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

const servers: TestServer[] = [];
let server: TestServer;
let w: Workspace;
let phone = 5550400;
/** The engine's clock runs with real time, `offset` ahead (sends and replies carry real times). */
let offset = 0;
const later = (minutes: number) => {
  offset = minutes * 60_000;
};
beforeAll(async () => {
  automationClock.now = () => new Date(Date.now() + offset);
  server = await startServer();
  servers.push(server);
  w = await workspace(server);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  for (const s of servers) await s.close().catch(() => {});
});
afterEach(async () => {
  offset = 0;
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "DELETE" | "PATCH", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
const rule = async (json: Record<string, unknown>) => {
  const res = await api("POST", "/v1/automations/rules", { name: "Follow-up", trigger: { type: "message.inbound", first: true }, ...json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const settled = (s = server) =>
  waitFor("the engine to catch up", async () => {
    const { db } = s.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (body: string, from = `+1415${phone++}`) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  await settled();
  return { conversationId: res.body.message.conversationId as string, from };
};
const bodies = async (conversationId: string, s = server) => {
  const page = (await s.call("GET", `/v1/conversations/${conversationId}/messages`, { token: w.token.admin })).body;
  return [...page.messages, ...page.notes].map((m: { body: string }) => m.body);
};
const count = async (conversationId: string, body: string, s = server) => (await bodies(conversationId, s)).filter((b) => b === body).length;
/** The run log oldest first, as detail lines. */
const log = async (id: string, s = server) =>
  ((await s.call("GET", `/v1/automations/rules/${id}/runs`, { token: w.token.admin })).body.runs as Array<{ outcome: string; detail: string[] }>)
    .reverse()
    .map((r) => [r.outcome, ...r.detail]);

it("runs each step at its time, once, and shows each in the run log", async () => {
  const id = await rule({
    actions: [
      { type: "addNote", body: "New lead: first touch" },
      { type: "wait", minutes: 30 },
      { type: "sendText", body: "Still interested? Reply here any time." },
      { type: "wait", minutes: 60 },
      { type: "addNote", body: "No answer after the follow-up" },
    ],
    cancelOn: ["agentReply"],
  });
  const { conversationId } = await textIn("Do you deliver on Sundays?");
  expect(await count(conversationId, "New lead: first touch")).toBe(1);
  expect((await log(id))[0]).toEqual(["fired", "note added", expect.stringMatching(/^waits 30 minutes: step 2 at \d{4}-.+Z$/)]);

  later(29);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  expect(await count(conversationId, "Still interested? Reply here any time.")).toBe(0);
  later(31);
  await waitFor("step 2", async () => (await count(conversationId, "Still interested? Reply here any time.")) === 1);
  later(92);
  await waitFor("step 3", async () => (await count(conversationId, "No answer after the follow-up")) === 1);
  await settled();
  expect(await log(id)).toEqual([
    ["fired", "note added", expect.stringMatching(/^waits 30 minutes: step 2 at/)],
    ["fired", "step 2:", "sent the rule's text", expect.stringMatching(/^waits 1 hour: step 3 at/)],
    ["fired", "step 3:", "note added"],
  ]);
  // The rule's own text did not cancel its sequence (loop-proof), and nothing ran twice.
  expect(await count(conversationId, "Still interested? Reply here any time.")).toBe(1);
});

it("is cancelled when the customer replies (default cancelOn), and the run log says so", async () => {
  const id = await rule({
    actions: [
      { type: "sendText", body: "Thanks! We'll get back to you." },
      { type: "wait", minutes: 60 },
      { type: "sendText", body: "Just checking in: did you get what you needed?" },
    ],
  });
  const { conversationId, from } = await textIn("Hi, is the shop open late?");
  expect(await count(conversationId, "Thanks! We'll get back to you.")).toBe(1);
  await textIn("Actually, found it on your site", from);
  expect(await log(id)).toEqual([
    ["fired", "sent the rule's text", expect.stringMatching(/^waits 1 hour: step 2 at/)],
    ["skipped", "sequence cancelled: the customer replied", expect.stringMatching(/^\(its next step was due at \d{4}-.+Z\)$/)],
  ]);
  later(61);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  expect(await count(conversationId, "Just checking in: did you get what you needed?")).toBe(0);
});

it("follows the rule's cancelOn: a customer's text does not cancel when left out, a teammate's reply does", async () => {
  const id = await rule({
    actions: [
      { type: "wait", minutes: 10 },
      { type: "addNote", body: "Nobody answered in 10 minutes" },
    ],
    cancelOn: ["agentReply"],
  });
  const { conversationId, from } = await textIn("Hello?");
  await textIn("Anyone there?", from);
  expect(await log(id)).toEqual([["fired", expect.stringMatching(/^waits 10 minutes: step 2 at/)]]);
  const reply = await server.call("POST", `/v1/conversations/${conversationId}/messages`, {
    token: w.token.alice,
    json: { body: "Yes, how can I help?", clientId: "seq-reply-1" },
  });
  expect(reply.status).toBe(201);
  await settled();
  expect((await log(id))[1]).toEqual(["skipped", "sequence cancelled: a teammate replied", expect.stringMatching(/^\(its next step was due at/)]);
  later(11);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  expect(await count(conversationId, "Nobody answered in 10 minutes")).toBe(0);
});

it.each([
  ["resolved", "the conversation was resolved"],
  ["reassigned", "the conversation was reassigned"],
  ["optOut", "the contact opted out"],
] as const)("is cancelled by %s (the rule's own assignment does not count)", async (what, why) => {
  const id = await rule({
    actions: [
      { type: "assign", to: "user", userId: w.userId.alice },
      { type: "wait", minutes: 10 },
      { type: "addNote", body: `Ten minutes on (${what})` },
    ],
    // An opt-out cancels whatever the rule chose; the others only when chosen.
    cancelOn: what === "optOut" ? [] : [what],
  });
  const { conversationId, from } = await textIn("Hello, quick question");
  expect(await log(id)).toEqual([["fired", `assigned to ${w.userId.alice}`, expect.stringMatching(/^waits 10 minutes/)]]);
  const by = { token: w.token.admin };
  if (what === "resolved")
    expect((await server.call("PATCH", `/v1/conversations/${conversationId}`, { ...by, json: { status: "resolved" } })).status).toBe(200);
  if (what === "reassigned")
    expect((await server.call("PATCH", `/v1/conversations/${conversationId}`, { ...by, json: { assigneeId: w.userId.bob } })).status).toBe(200);
  if (what === "optOut") await textIn("STOP", from);
  await settled();
  expect((await log(id))[1]?.slice(0, 2)).toEqual(["skipped", `sequence cancelled: ${why}`]);
  later(11);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  expect(await count(conversationId, `Ten minutes on (${what})`)).toBe(0);
});

it("editing the rule's actions stops its sequences in flight (said in the run log); other edits do not", async () => {
  const actions = [
    { type: "wait", minutes: 10 },
    { type: "addNote", body: "Old follow-up" },
  ];
  const id = await rule({ actions });
  const first = await textIn("Before the edit");
  const patch = async (json: unknown) => expect((await api("PATCH", `/v1/automations/rules/${id}`, json)).status).toBe(200);
  await patch({ name: "Follow-up, renamed", actions });
  expect(await log(id)).toHaveLength(1);
  await patch({ actions: [actions[0], { type: "addNote", body: "New follow-up" }] });
  expect((await log(id))[1]).toEqual(["skipped", "sequence stopped: the rule's actions were edited"]);
  const second = await textIn("After the edit");
  later(11);
  await waitFor("the new sequence's step", async () => (await count(second.conversationId, "New follow-up")) === 1);
  expect(await count(first.conversationId, "Old follow-up")).toBe(0);
  expect(await count(first.conversationId, "New follow-up")).toBe(0);
});

it("two instances racing for a due step: it runs once", async () => {
  const id = await rule({
    actions: [
      { type: "wait", minutes: 5 },
      { type: "addNote", body: "Five minutes on" },
    ],
  });
  const { conversationId } = await textIn("Racing");
  const at = new Date(Date.now() + 6 * 60_000);
  const taken = await Promise.all([runDueSteps(server.app.ctx, "a", at), runDueSteps(server.app.ctx, "b", at), runDueSteps(server.app.ctx, "c", at)]);
  expect(taken.reduce((a, b) => a + b, 0)).toBe(1);
  expect(await count(conversationId, "Five minutes on")).toBe(1);
  expect((await log(id)).map((r) => r[0])).toEqual(["fired", "fired"]);
});

it("survives a restart in the middle of a sequence: the next step runs once, also when the instance that claimed it died", { timeout: 120_000 }, async () => {
  const id = await rule({
    actions: [
      { type: "addNote", body: "Step one" },
      { type: "wait", minutes: 10 },
      { type: "addNote", body: "Step two" },
      { type: "wait", minutes: 10 },
      { type: "addNote", body: "Step three" },
    ],
  });
  const { conversationId } = await textIn("Restart me");
  // Step 2 comes due and an instance claims it, then dies before running it.
  later(11);
  const claimed = await claimDueSteps(
    server.app.ctx.database.db,
    "dead:1",
    automationClock.now().toISOString(),
    new Date(Date.now() + 12 * 60_000).toISOString(),
    50,
  );
  expect(claimed).toHaveLength(1);
  await server.close();
  servers.pop();
  // A new server on the same file: step 2 waits for the dead claim to run out, then runs once.
  server = await startServer({}, server.dbFile);
  servers.push(server);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  later(13);
  await waitFor("step 2 after the restart", async () => (await count(conversationId, "Step two")) === 1);
  later(24);
  await waitFor("step 3", async () => (await count(conversationId, "Step three")) === 1);
  await settled();
  later(60);
  expect(await runDueSteps(server.app.ctx, "test", automationClock.now())).toBe(0);
  for (const body of ["Step one", "Step two", "Step three"]) expect(await count(conversationId, body), body).toBe(1);
  expect((await log(id)).map((r) => r.slice(0, 2))).toEqual([
    ["fired", "note added"],
    ["fired", "step 2:"],
    ["fired", "step 3:"],
  ]);
});
