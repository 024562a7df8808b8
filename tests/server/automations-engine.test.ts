// The rule engine on a live server: each trigger, condition and action, priority with "stop lower-priority
// rules", the run log, and loops made impossible (automated changes trigger nothing).
import { afterAll, afterEach, beforeAll, expect, it, onTestFinished } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { activeMemberIds } from "../../server/automations/routing.repository";
import { feedHead } from "../../server/push/push-jobs.repository";
import { inTransaction } from "../../server/events/transaction";
import { markSeen } from "../../server/automations/availability";
import { automationClock } from "../../server/automations/engine";

let server: TestServer;
let w: Workspace;
let phone = 5550100;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
});
afterAll(() => server?.close());
afterEach(async () => {
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
const rule = async (json: Record<string, unknown>) => {
  const res = await api("POST", "/v1/automations/rules", { name: "rule", ...json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
/** The engine has read the whole feed. */
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (body: string, from = `+1415${phone++}`, inboxId = w.mainLine, token = w.token.alice) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from, body } });
  expect(res.status).toBe(201);
  await settled();
  return { conversationId: res.body.message.conversationId as string, from };
};
const conversation = async (id: string) => {
  const res = await api("GET", `/v1/conversations/${id}`);
  if (!res.body.conversation) throw new Error(`GET conversation ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.conversation;
};
/** Messages and notes of the conversation, as bodies. */
const thread = async (id: string) => {
  const page = (await api("GET", `/v1/conversations/${id}/messages`)).body;
  return [...page.messages, ...page.notes] as Array<{ body: string }>;
};
const runs = async (id: string) => (await api("GET", `/v1/automations/rules/${id}/runs`)).body.runs;

it("first inbound message: assigns, notes and sends a filled template; a second text fires only an 'any inbound' rule", async () => {
  const tpl = await api("POST", "/v1/templates", { name: "Welcome", body: "Hi {{contact.phone}}, thanks for texting. {{agent.firstName}} will reply." });
  expect(tpl.status).toBe(201);
  const first = await rule({
    trigger: { type: "message.inbound", first: true },
    actions: [
      { type: "assign", to: "user", userId: w.userId.alice },
      { type: "addNote", body: "New lead" },
      { type: "sendTemplate", templateId: tpl.body.template.id },
    ],
  });
  const any = await rule({ trigger: { type: "message.inbound" }, actions: [{ type: "addNote", body: "Got a text" }] });
  const { conversationId } = await textIn("Hello there");
  expect((await conversation(conversationId)).assigneeId).toBe(w.userId.alice);
  await textIn("Me again", (await api("GET", `/v1/conversations/${conversationId}`)).body.contact.phoneNumber);
  await settled();
  const items = await thread(conversationId);
  const bodies = items.map((i) => i.body);
  expect(bodies.filter((b) => b === "New lead")).toHaveLength(1);
  expect(bodies.filter((b) => b === "Got a text")).toHaveLength(2);
  expect(bodies.filter((b) => b.includes("thanks for texting. Alice will reply."))).toHaveLength(1);
  const log = await runs(first);
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ outcome: "fired", conversationId });
  expect(log[0].detail).toEqual([`assigned to ${w.userId.alice}`, "note added", 'sent template "Welcome"']);
  expect(await runs(any)).toHaveLength(2);
});

it("keyword exact and contains; conditions all/any with body, inbox, assignee and status; skipped runs say why", async () => {
  const exact = await rule({ trigger: { type: "keyword", keyword: "PRICE" }, actions: [{ type: "addNote", body: "exact" }] });
  const contains = await rule({
    trigger: { type: "keyword", keyword: "refund", match: "contains" },
    conditions: [
      { type: "inbox", inboxIds: [w.supportLine] },
      { type: "assignee", is: "none" },
    ],
    actions: [{ type: "setStatus", status: "pending" }],
  });
  const anyOf = await rule({
    trigger: { type: "message.inbound" },
    match: "any",
    conditions: [
      { type: "bodyContains", text: "urgent" },
      { type: "status", in: ["resolved"] },
    ],
    actions: [{ type: "addNote", body: "any matched" }],
  });
  const a = await textIn("price");
  const b = await textIn("what is the price?");
  const c = await textIn("I want a refund, urgent", undefined, w.supportLine);
  const d = await textIn("refund please");
  expect((await thread(a.conversationId)).map((i) => i.body)).toContain("exact");
  expect((await thread(b.conversationId)).map((i) => i.body)).not.toContain("exact");
  expect((await conversation(c.conversationId)).status).toBe("pending");
  expect((await conversation(d.conversationId)).status).toBe("open");
  expect((await thread(c.conversationId)).map((i) => i.body)).toContain("any matched");
  expect((await runs(exact)).length).toBe(1);
  const skipped = (await runs(contains)).find((r: { conversationId: string }) => r.conversationId === d.conversationId);
  expect(skipped).toMatchObject({ outcome: "skipped", detail: ["condition false: another inbox"] });
  expect((await runs(anyOf)).filter((r: { outcome: string }) => r.outcome === "fired")).toHaveLength(1);
});

it("conversation created / assigned / status changed triggers, snooze, and priority with stop lower-priority rules", async () => {
  const created = await rule({
    trigger: { type: "conversation.created" },
    priority: 1,
    stopLower: true,
    actions: [{ type: "addNote", body: "created (stops the rest)" }],
  });
  const lower = await rule({ trigger: { type: "conversation.created" }, priority: 2, actions: [{ type: "addNote", body: "never" }] });
  const assigned = await rule({ trigger: { type: "conversation.assigned" }, actions: [{ type: "snooze", minutes: 60 }] });
  const resolved = await rule({ trigger: { type: "conversation.status", to: "resolved" }, actions: [{ type: "addNote", body: "resolved by a person" }] });
  const { conversationId } = await textIn("hi");
  expect((await thread(conversationId)).map((i) => i.body)).toContain("created (stops the rest)");
  expect(await runs(lower)).toEqual([]);
  expect(await runs(created)).toHaveLength(1);
  expect((await api("PATCH", `/v1/conversations/${conversationId}`, { assigneeId: w.userId.bob })).status).toBe(200);
  await settled();
  const snoozed = await conversation(conversationId);
  expect(snoozed.status).toBe("snoozed");
  expect(new Date(snoozed.snoozedUntil).getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
  expect((await runs(assigned))[0].detail[0]).toMatch(/^snoozed until/);
  await api("PATCH", `/v1/conversations/${conversationId}`, { status: "resolved" });
  await settled();
  expect((await runs(resolved))[0]).toMatchObject({ outcome: "fired", conversationId });
});

it("is loop-proof: automated assignment and status changes trigger no rule, and an automated send no inbound rule", async () => {
  const tpl = await api("POST", "/v1/templates", { name: "Ack", body: "Got it" });
  const onAssign = await rule({
    trigger: { type: "conversation.assigned" },
    actions: [
      { type: "assign", to: "roundRobin" },
      { type: "setStatus", status: "pending" },
    ],
  });
  const onStatus = await rule({
    trigger: { type: "conversation.status" },
    actions: [
      { type: "setStatus", status: "open" },
      { type: "sendTemplate", templateId: tpl.body.template.id },
    ],
  });
  const onInbound = await rule({ trigger: { type: "message.inbound" }, actions: [{ type: "sendTemplate", templateId: tpl.body.template.id }] });
  const { conversationId } = await textIn("start");
  await api("PATCH", `/v1/conversations/${conversationId}`, { assigneeId: w.userId.alice });
  await settled();
  await new Promise((r) => setTimeout(r, 300));
  await settled();
  expect(await runs(onAssign)).toHaveLength(1);
  expect(await runs(onStatus)).toHaveLength(0);
  expect(await runs(onInbound)).toHaveLength(1);
  expect((await thread(conversationId)).filter((i) => i.body === "Got it")).toHaveLength(1);
});

it("round robin follows members coming and going; load balancing picks the fewest open", async () => {
  const rr = await rule({
    trigger: { type: "conversation.created" },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  // Main line's active members in id order (the demo seed decides who they are).
  const members = await activeMemberIds(server.app.ctx.database.db, w.mainLine);
  // All of them have a client open, within Main line's business hours (availability.test.ts covers who is skipped).
  const open = new Date("2030-03-07T15:00:00Z"); // a Thursday, 10:00 in New York
  automationClock.now = () => open;
  onTestFinished(() => {
    automationClock.now = () => new Date();
  });
  for (const id of members) await markSeen(server.app.ctx.database.db, id, open);
  const n = members.length;
  const assignees: string[] = [];
  for (let i = 0; i <= n; i++) assignees.push((await conversation((await textIn(`rr ${i}`)).conversationId)).assigneeId);
  expect(assignees).toEqual([...members, members[0]]);
  // The next in turn leaves the inbox: skipped; they come back: in turn again. (Not the admin, whose token reads.)
  let last = 0;
  if (members[1] === w.userId.admin) {
    expect((await conversation((await textIn("rr 4")).conversationId)).assigneeId).toBe(members[1]);
    last = 1;
  }
  const leaver = members[(last + 1) % n];
  const after = members[(last + 2) % n];
  expect((await api("DELETE", `/v1/inboxes/${w.mainLine}/members/${leaver}`)).status).toBe(200);
  const stayer = leaver === w.userId.alice ? w.token.bob : w.token.alice;
  expect((await conversation((await textIn("rr gone", undefined, w.mainLine, stayer)).conversationId)).assigneeId).toBe(after);
  expect((await api("PUT", `/v1/inboxes/${w.mainLine}/members/${leaver}`)).status).toBe(200);
  expect((await conversation((await textIn("rr back")).conversationId)).assigneeId).toBe(members[(last + 3) % n]);
  await api("DELETE", `/v1/automations/rules/${rr}`);

  await rule({ trigger: { type: "conversation.created" }, actions: [{ type: "assign", to: "fewestOpen" }] });
  const { db } = server.app.ctx.database;
  const openOf = async (id: string) =>
    Number(
      (
        await db
          .selectFrom("conversation")
          .select(db.fn.countAll().as("n"))
          .where("assigneeId", "=", id)
          .where("status", "in", ["open", "pending"])
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = await Promise.all(members.map(openOf));
  const fewest = members[counts.indexOf(Math.min(...counts))];
  const got = (await conversation((await textIn("lb 1")).conversationId)).assigneeId;
  expect(got).toBe(fewest);
  expect(await openOf(got)).toBe(Math.min(...counts) + 1);
});

it("an event another app reported about a contact (lead.created) fires its rules on the contact's latest conversation", async () => {
  const lead = await rule({ trigger: { type: "event", eventType: "lead.created" }, actions: [{ type: "addNote", body: "New lead from the website" }] });
  await rule({ trigger: { type: "event", eventType: "payment.received" }, actions: [{ type: "addNote", body: "never" }] });
  const { conversationId } = await textIn("interested");
  const contactId = (await conversation(conversationId)).contactId;
  // The feed event POST /v1/events writes (server/integrations/events), written here directly.
  await inTransaction(server.app.ctx.database.db, server.app.ctx.bus, (tx) =>
    tx.emit("contact.event_recorded" as never, { id: "cev_test", contactId, type: "lead.created", data: {} } as never),
  );
  await settled();
  const bodies = (await thread(conversationId)).map((i) => i.body);
  expect(bodies).toContain("New lead from the website");
  expect(bodies).not.toContain("never");
  expect(await runs(lead)).toMatchObject([{ outcome: "fired", conversationId }]);
});
