// "Assign to the CRM record's owner": HubSpot (the real @hubspot/api-client against the strict fake) fills the
// contact with its record owner's email (owners API by id); a rule that waits a minute for that lookup then
// assigns the conversation to the teammate with that email. No owner known, or one who is not a teammate in
// the inbox: the rule's fallback (unassigned or round robin), and the run log says why.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { connectHubspot } from "./support/crm";

let s: TestServer;
let w: Workspace;
let hub: FakeHubspot;
let offset = 0;
beforeAll(async () => {
  automationClock.now = () => new Date(Date.now() + offset);
  hub = await startFakeHubspot();
  hub.owners.push(
    { id: "310", email: "Bob@demo.test", firstName: "Bob", lastName: "Ng" },
    { id: "311", email: "nobody@elsewhere.test", firstName: "N", lastName: "O" },
  );
  hub.contacts.push(
    { id: "601", properties: { firstname: "Rita", lastname: "Owned", phone: "+14155550601", hubspot_owner_id: "310" } },
    { id: "602", properties: { firstname: "Sol", lastname: "Stranger", phone: "+14155550602", hubspot_owner_id: "311" } },
  );
  s = await startServer();
  w = await workspace(s);
  await connectHubspot(s, w.token.admin, hub);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await s?.close();
  await hub?.close();
});
afterEach(async () => {
  offset = 0;
  for (const r of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${r.id}`);
});

const api = (method: "GET" | "POST" | "DELETE", path: string, json?: unknown) => s.call(method, path, { token: w.token.admin, json });
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = s.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const ownerRule = async (fallback?: string) => {
  const res = await api("POST", "/v1/automations/rules", {
    name: "To the record's owner",
    trigger: { type: "message.inbound", first: true },
    conditions: [{ type: "inbox", inboxIds: [w.mainLine] }],
    // The CRM lookup runs beside the rule, in the background: the minute gives it time to fill the owner.
    actions: [
      { type: "wait", minutes: 1 },
      { type: "assign", to: "crmOwner", ...(fallback ? { fallback } : {}) },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const textIn = async (from: string) => {
  const res = await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body: "Hi, about my order" } });
  expect(res.status).toBe(201);
  await settled();
  return { conversationId: res.body.message.conversationId as string, contactId: res.body.message.contactId as string };
};
const contactOf = async (from: string) => (await s.call("GET", `/v1/lookup?phone=${encodeURIComponent(from)}`, { token: w.token.admin })).body.contact;
/** Runs the rule's second step (after its wait) and returns the conversation and the step's run-log lines. */
const afterTheWait = async (ruleId: string, conversationId: string) => {
  offset = 2 * 60_000;
  const run = await waitFor("the step to run", async () => {
    const runs = (await api("GET", `/v1/automations/rules/${ruleId}/runs`)).body.runs;
    return runs.length === 2 ? runs[0] : null;
  });
  await settled();
  return { conversation: (await api("GET", `/v1/conversations/${conversationId}`)).body.conversation, detail: run.detail as string[] };
};

it("assigns to the teammate who owns the HubSpot record (owner 310 is bob@demo.test)", async () => {
  const id = await ownerRule();
  const { conversationId } = await textIn("+14155550601");
  await waitFor("the CRM lookup", async () => (await contactOf("+14155550601"))?.attributes.crmOwnerEmail === "bob@demo.test");
  expect((await contactOf("+14155550601")).attributes.crmOwnerId).toBe("310");
  expect(hub.requests.some((r) => r.path === "/crm/v3/owners/310")).toBe(true);
  const { conversation, detail } = await afterTheWait(id, conversationId);
  expect(conversation.assigneeId).toBe(w.userId.bob);
  expect(detail).toEqual(["step 2:", `assigned to ${w.userId.bob}, the CRM record's owner`]);
});

it("an owner who is not a teammate: left unassigned by default, and the run log says why", async () => {
  const id = await ownerRule();
  const { conversationId } = await textIn("+14155550602");
  await waitFor("the CRM lookup", async () => (await contactOf("+14155550602"))?.attributes.crmOwnerEmail === "nobody@elsewhere.test");
  const { conversation, detail } = await afterTheWait(id, conversationId);
  expect(conversation.assigneeId).toBeNull();
  expect(detail).toEqual(["step 2:", "assign: left unassigned, the CRM owner nobody@elsewhere.test is not a teammate"]);
});

it("no CRM record at all: round robin when that is the fallback, saying why", async () => {
  // Round robin takes available teammates: Main line open all day, and bob signed in and not away.
  const day = [{ from: "00:00", to: "23:59" }];
  const weekly = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
  expect((await s.call("PUT", `/v1/inboxes/${w.mainLine}/business-hours`, { token: w.token.admin, json: { timeZone: "UTC", weekly } })).status).toBe(200);
  expect((await s.call("PATCH", "/v1/me/availability", { token: w.token.bob, json: { away: false } })).status).toBe(200);
  const id = await ownerRule("roundRobin");
  const { conversationId } = await textIn("+14155550699");
  const { conversation, detail } = await afterTheWait(id, conversationId);
  expect(conversation.assigneeId).toBe(w.userId.bob);
  expect(detail).toEqual(["step 2:", `assigned to ${w.userId.bob} (round robin: no CRM record owner is known for this contact)`]);
});
