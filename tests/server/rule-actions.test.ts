// Rule actions on a live server: add/remove a tag (one contact.updated each, by "automation"), the "contact tag
// added" trigger (a teammate's tag fires it, a rule's own does not: no loops), and "send a webhook" to a
// registered endpoint — signed (verified with standardwebhooks), in the endpoint's delivery log, retried on
// the schedule; a rule naming an unknown endpoint is a 400 that stores nothing.
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { automationCursor } from "../../server/automations/automations.repository";
import { sendDueWebhooks } from "../../server/integrations/webhooks/webhook-sender";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { eventsAfter, headSeq, workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let w: Workspace;
let r: Receiver;
let phone = 5550300;
beforeAll(async () => {
  [server, r] = await Promise.all([startServer(), startReceiver()]);
  w = await workspace(server);
});
afterAll(async () => {
  await server?.close();
  await r?.close();
});
afterEach(async () => {
  for (const rule of (await api("GET", "/v1/automations/rules")).body.rules) await api("DELETE", `/v1/automations/rules/${rule.id}`);
});

const api = (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
const rule = async (json: Record<string, unknown>) => {
  const res = await api("POST", "/v1/automations/rules", { name: "rule", ...json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async (body: string, from = `+1415${phone++}`) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  await settled();
  return { conversationId: res.body.message.conversationId as string, contactId: res.body.message.contactId as string, from };
};
const runs = async (id: string) => (await api("GET", `/v1/automations/rules/${id}/runs`)).body.runs;
const tagsOf = async (conversationId: string) => (await api("GET", `/v1/conversations/${conversationId}`)).body.contact.tags ?? [];

it("adds and removes a contact's tags: one contact.updated event per change, by automation; the run log says what changed", async () => {
  const id = await rule({
    trigger: { type: "keyword", keyword: "vip", match: "contains" },
    actions: [
      { type: "addTag", tag: "VIP" },
      { type: "removeTag", tag: "new lead" },
      { type: "removeTag", tag: "never had it" },
      { type: "addTag", tag: "vip" },
    ],
  });
  const first = await textIn("hello");
  expect((await server.call("PATCH", `/v1/contacts/${first.contactId}/tags`, { token: w.token.alice, json: { add: ["new lead"] } })).status).toBe(200);
  await settled();
  const before = await headSeq(server);
  await textIn("I am a VIP customer", first.from);
  expect(await tagsOf(first.conversationId)).toEqual(["vip"]);
  const changes = (await eventsAfter(server, before)).filter((e) => e.type === "contact.updated" && e.data.id === first.contactId);
  expect(changes.map((e) => [e.actorId, e.data.tags ?? []])).toEqual([
    ["automation", ["new lead", "vip"]],
    ["automation", ["vip"]],
  ]);
  const [run] = await runs(id);
  expect(run.detail).toEqual(['tagged "vip"', 'removed tag "new lead"', 'tag: not tagged "never had it"', 'tag: already tagged "vip"']);
});

it("'contact tag added' fires on a teammate's tag (that tag, or any), not on a rule's own tagging", async () => {
  const tagger = await rule({ trigger: { type: "keyword", keyword: "gold", match: "contains" }, actions: [{ type: "addTag", tag: "gold" }] });
  const onGold = await rule({ trigger: { type: "contact.tagAdded", tag: "Gold" }, actions: [{ type: "addNote", body: "Gold customer: call them" }] });
  const onAny = await rule({ trigger: { type: "contact.tagAdded" }, actions: [{ type: "addNote", body: "Tagged" }] });
  const byRule = await textIn("gold member here");
  expect(await tagsOf(byRule.conversationId)).toEqual(["gold"]);
  expect(await runs(tagger)).toHaveLength(1);
  expect(await runs(onGold)).toHaveLength(0);
  expect(await runs(onAny)).toHaveLength(0);

  const byRep = await textIn("hi");
  const tag = (add: string[], remove?: string[]) =>
    server.call("PATCH", `/v1/contacts/${byRep.contactId}/tags`, { token: w.token.alice, json: { add, ...(remove ? { remove } : {}) } });
  expect((await tag(["silver"])).status).toBe(200);
  await settled();
  expect(await runs(onGold)).toHaveLength(0);
  expect(await runs(onAny)).toHaveLength(1);
  expect((await tag(["gold"], ["silver"])).status).toBe(200);
  await settled();
  const [gold] = await runs(onGold);
  expect(gold).toMatchObject({ outcome: "fired", conversationId: byRep.conversationId, detail: ["note added"] });
  // Adding one it has changes nothing (no event at all); removing one is not adding one.
  expect((await tag(["gold"])).status).toBe(200);
  const untag = await server.call("PATCH", `/v1/contacts/${byRep.contactId}/tags`, { token: w.token.alice, json: { remove: ["gold"] } });
  expect(untag.status).toBe(200);
  await settled();
  expect(await runs(onGold)).toHaveLength(1);
  expect(await runs(onAny)).toHaveLength(2);
});

it("'contact tag added' also fires for a tag that came with an event another app reported (POST /v1/events)", async () => {
  const onNewsletter = await rule({ trigger: { type: "contact.tagAdded", tag: "newsletter" }, actions: [{ type: "addNote", body: "Signed up" }] });
  const { conversationId, from } = await textIn("hello from the form");
  const report = (tags: string[], key: string) =>
    server.call("POST", "/v1/events", { token: w.token.admin, json: { type: "lead.created", contact: { phone: from, tags }, data: {}, idempotencyKey: key } });
  expect((await report(["Newsletter", "spring promo"], "tag-added-1")).status).toBe(201);
  await settled();
  expect(await tagsOf(conversationId)).toEqual(["newsletter", "spring promo"]);
  expect(await runs(onNewsletter)).toMatchObject([{ outcome: "fired", conversationId }]);
  // Reported again with a tag it has and a new one: "newsletter" was not added this time.
  expect((await report(["newsletter", "webinar"], "tag-added-2")).status).toBe(201);
  await settled();
  expect(await runs(onNewsletter)).toHaveLength(1);
});

it("sends a signed webhook to the chosen endpoint, logged and retried like any delivery, whatever the endpoint subscribes to", async () => {
  const created = await api("POST", "/v1/webhooks", { url: r.url, eventTypes: ["note.created"], description: "CRM bridge" });
  expect(created.status).toBe(201);
  const endpointId = created.body.endpoint.id as string;
  const id = await rule({ trigger: { type: "keyword", keyword: "quote", match: "contains" }, actions: [{ type: "webhook", endpointId }] });
  r.received.length = 0;
  r.answer = { status: 503, body: "busy" };
  const { conversationId, from } = await textIn("Can I get a quote?");
  const [run] = await runs(id);
  expect(run.detail).toEqual([`webhook queued to ${r.url}`]);
  await waitFor("the first attempt", async () => r.received.length === 1);
  const log = async () => (await api("GET", `/v1/webhooks/${endpointId}/deliveries`)).body.deliveries.filter((d: any) => d.eventType === "automation.webhook");
  const [pending] = await waitFor("the failure logged", async () => ((await log())[0]?.attempts === 1 ? log() : null));
  expect(pending).toMatchObject({ status: "pending", lastError: "HTTP 503" });
  r.answer = { status: 200, body: "ok" };
  expect(await sendDueWebhooks(server.app.ctx, "test", { now: () => Date.parse(pending.nextAttemptAt) })).toBeGreaterThanOrEqual(1);
  const [delivered] = await log();
  expect(delivered).toMatchObject({ status: "delivered", attempts: 2 });
  // Both tries carry the same webhook-id and verify with the secret the admin was shown.
  const [a, b] = r.received;
  expect(a.headers["webhook-id"]).toBe(b.headers["webhook-id"]);
  const payload = new Webhook(created.body.secret).verify(b.body, b.headers as Record<string, string>) as any;
  expect(payload).toMatchObject({
    type: "automation.webhook",
    data: { rule: { id, name: "rule" }, conversation: { id: conversationId }, contact: { phoneNumber: from } },
  });
  await api("DELETE", `/v1/webhooks/${endpointId}`);
});

it("a switched-off endpoint gets nothing and the run log says why; an unknown endpoint is refused (400, nothing stored)", async () => {
  const created = await api("POST", "/v1/webhooks", { url: r.url, eventTypes: ["message.created"] });
  const endpointId = created.body.endpoint.id as string;
  expect((await api("PATCH", `/v1/webhooks/${endpointId}`, { enabled: false })).status).toBe(200);
  const id = await rule({ trigger: { type: "keyword", keyword: "ping", match: "exact" }, actions: [{ type: "webhook", endpointId }] });
  r.received.length = 0;
  await textIn("ping");
  const [run] = await runs(id);
  expect(run.detail).toEqual([`webhook skipped: ${r.url} is switched off (Switched off by an admin)`]);
  expect(r.received).toHaveLength(0);

  const count = (await api("GET", "/v1/automations/rules")).body.rules.length;
  const bad = await api("POST", "/v1/automations/rules", {
    name: "x",
    trigger: { type: "conversation.created" },
    actions: [{ type: "webhook", endpointId: "whe_nope" }],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([{ path: "/actions/0/endpointId", message: "No such webhook endpoint" }]);
  const url = await api("POST", "/v1/automations/rules", {
    name: "x",
    trigger: { type: "conversation.created" },
    actions: [{ type: "webhook", endpointId, url: "http://169.254.169.254/" }],
  });
  expect(url.status).toBe(400);
  const trailingWait = await api("POST", "/v1/automations/rules", {
    name: "x",
    trigger: { type: "conversation.created" },
    actions: [
      { type: "addNote", body: "a" },
      { type: "wait", minutes: 5 },
    ],
  });
  expect(trailingWait.status).toBe(400);
  expect(JSON.stringify(trailingWait.body)).toContain("a wait needs an action after it");
  expect((await api("GET", "/v1/automations/rules")).body.rules.length).toBe(count);
  await api("DELETE", `/v1/webhooks/${endpointId}`);
});
