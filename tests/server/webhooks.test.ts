// Outbound webhooks against a real local receiver: registration (admins only, secret shown once, sealed at
// rest), deliveries signed per Standard Webhooks (checked with the package's own Webhook.verify), the event
// with its full entity, the delivery log, a test event and replay, and rotation (both secrets verify).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";
import { workspace, type Workspace } from "./support/workspace";
import { textIn } from "./support/demo";
import { startReceiver, type Receiver } from "./support/webhook-receiver";

let s: TestServer;
let w: Workspace;
let r: Receiver;
beforeAll(async () => {
  [s, r] = await Promise.all([startServer(), startReceiver()]);
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await r?.close();
});

const register = (eventTypes: string[], url = r.url) =>
  s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url, eventTypes, description: "CRM sync" } });
const ofType = (type: string) => r.received.filter((x) => JSON.parse(x.body).type === type);

describe("webhook endpoints", () => {
  let id = "";
  let secret = "";

  it("lets an admin register an endpoint and shows its whsec_ secret once; agents get 403", async () => {
    const agent = await s.call("POST", "/v1/webhooks", { token: w.token.alice, json: { url: r.url, eventTypes: ["message.created"] } });
    expect(agent.status).toBe(403);
    expect((await s.call("GET", "/v1/webhooks", { token: w.token.alice })).status).toBe(403);
    const res = await register(["message.created", "contact.created", "conversation.created", "conversation.assigned", "message.updated"]);
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    ({ secret } = res.body);
    id = res.body.endpoint.id;
    const list = await s.call("GET", "/v1/webhooks", { token: w.token.admin });
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    const row = await s.app.ctx.database.db
      .selectFrom("webhookEndpoint" as never)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret.slice(6, 20));
  });

  it("refuses an unknown event type with a 400 and stores nothing", async () => {
    const res = await register(["message.deleted"]);
    expect(res.status).toBe(400);
    expect((await s.call("GET", "/v1/webhooks", { token: w.token.admin })).body.endpoints).toHaveLength(1);
  });

  it("delivers a new inbound text as message.created, signed so that Webhook.verify accepts it, with the full message", async () => {
    const message = await textIn(s, w.token.admin, w.mainLine, "+14155550199", "Hello from a webhook test");
    await waitFor("ofType('message.created').length === 1", () => ofType("message.created").length === 1);
    const got = ofType("message.created")[0];
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as any;
    expect(verified.type).toBe("message.created");
    expect(verified.data).toMatchObject({ id: message.id, body: "Hello from a webhook test", direction: "inbound", conversationId: message.conversationId });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(got.body, got.headers as Record<string, string>)).toThrow();
    // The new number's contact and conversation came with it, each once.
    await waitFor(
      "ofType('contact.created').length === 1 && ofType('conversati",
      () => ofType("contact.created").length === 1 && ofType("conversation.created").length === 1,
    );
  });

  it("sends only the subscribed types: conversation.assigned on an assignment, nothing for a read", async () => {
    const conversationId = JSON.parse(ofType("message.created")[0].body).data.conversationId;
    await s.call("POST", `/v1/conversations/${conversationId}/read`, { token: w.token.admin, json: {} });
    const patched = await s.call("PATCH", `/v1/conversations/${conversationId}`, { token: w.token.admin, json: { assigneeId: w.userId.alice } });
    expect(patched.status).toBe(200);
    await waitFor("ofType('conversation.assigned').length === 1", () => ofType("conversation.assigned").length === 1);
    expect(JSON.parse(ofType("conversation.assigned")[0].body).data.assigneeId).toBe(w.userId.alice);
    expect(ofType("conversation.updated")).toHaveLength(0);
  });

  it("logs each delivery with its attempts' status and response excerpt, and replays one with the same webhook-id", async () => {
    const log = await s.call("GET", `/v1/webhooks/${id}/deliveries`, { token: w.token.admin });
    expect(log.status).toBe(200);
    const delivered = log.body.deliveries.find((d: any) => d.eventType === "message.created");
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });
    expect(delivered.attemptLog[0]).toMatchObject({ statusCode: 200, responseExcerpt: "ok" });
    const before = r.received.length;
    const replay = await s.call("POST", `/v1/webhooks/${id}/deliveries/${delivered.id}/replay`, { token: w.token.admin });
    expect(replay.status).toBe(202);
    await waitFor("r.received.length === before + 1", () => r.received.length === before + 1);
    expect(r.received.at(-1)!.headers["webhook-id"]).toBe(delivered.messageId);
    // The attempt is logged when its batch settles, just after the receiver answered.
    const logged = async () =>
      (await s.call("GET", `/v1/webhooks/${id}/deliveries`, { token: w.token.admin })).body.deliveries.find((d: any) => d.id === delivered.id);
    await waitFor("the replay's attempt in the log", async () => (await logged()).attemptLog.length === 2);
    expect((await logged()).attemptLog).toHaveLength(2);
  });

  it("sends a test event on request", async () => {
    const res = await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin });
    expect(res.status).toBe(202);
    await waitFor("ofType('webhook.test').length === 1", () => ofType("webhook.test").length === 1);
    expect(ofType("webhook.test")[0].headers["webhook-id"]).toBe(res.body.messageId);
  });

  it("after a rotation signs with both secrets for 24 h: the old and the new one each verify", async () => {
    const rotated = await s.call("POST", `/v1/webhooks/${id}/rotate-secret`, { token: w.token.admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    const until = Date.parse(rotated.body.endpoint.previousSecretUntil) - Date.now();
    expect(until).toBeGreaterThan(24 * 3600_000 - 60_000);
    await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin });
    await waitFor("ofType('webhook.test').length === 2", () => ofType("webhook.test").length === 2);
    const got = ofType("webhook.test")[1];
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const key of [secret, rotated.body.secret])
      expect(new Webhook(key).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ type: "webhook.test" });
  });

  it("removes an endpoint: nothing more is delivered to it", async () => {
    expect((await s.call("DELETE", `/v1/webhooks/${id}`, { token: w.token.admin })).status).toBe(204);
    const before = r.received.length;
    await textIn(s, w.token.admin, w.mainLine, "+14155550199", "After removal");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received.length).toBe(before);
  });
});
