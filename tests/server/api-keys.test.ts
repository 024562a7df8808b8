// API keys: made by owners/admins only, shown once and stored as a SHA-256 hash, accepted as a bearer token
// by the existing endpoints within their scopes (each scope allows its endpoints and nothing else), never
// for admin or account endpoints, last use shown, and revocation stops a key at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(async () => s?.close());

const create = (scopes: string[], token = w.token.admin) => s.call("POST", "/v1/api-keys", { token, json: { name: `Zapier ${scopes.join("+")}`, scopes } });
const keyWith = async (scopes: string[]) => (await create(scopes)).body.key as string;
const send = (key: string, clientId: string) =>
  s.call("POST", "/v1/messages", { token: key, json: { inboxId: w.mainLine, to: "+14155550142", body: "Your order shipped", clientId } });

describe("API keys", () => {
  it("are made by admins only, shown once, stored as the SHA-256 of their secret part", async () => {
    expect((await create(["read"], w.token.alice)).status).toBe(403);
    const res = await create(["read"]);
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^stk_[A-Za-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const list = await s.call("GET", "/v1/api-keys", { token: w.token.admin });
    expect(JSON.stringify(list.body)).not.toContain(res.body.key.slice(21));
    const row = await (s.app.ctx.database.db as any).selectFrom("apiKey").selectAll().where("id", "=", res.body.apiKey.id).executeTakeFirst();
    expect(row.secretHash).toBe(createHash("sha256").update(res.body.key.slice(21)).digest("hex"));
  });

  it("refuses an unknown key, a forged secret for a real id, and an invalid body with clear errors", async () => {
    const key = await keyWith(["read"]);
    expect((await s.call("GET", "/v1/conversations", { token: `${key.slice(0, 21)}${"A".repeat(43)}` })).status).toBe(401);
    expect((await s.call("GET", "/v1/conversations", { token: "stk_nothing" })).status).toBe(401);
    expect((await create([])).status).toBe(400);
    expect((await create(["admin"])).status).toBe(400);
  });

  it("read lists conversations of every inbox, and shows the key's last use", async () => {
    const key = await keyWith(["read"]);
    const res = await s.call("GET", "/v1/conversations?limit=100", { token: key });
    expect(res.status).toBe(200);
    const inboxes = new Set(res.body.conversations.map((c: any) => c.inboxId));
    // Every inbox of the demo workspace (its locations add inboxes beyond the two named here), none left out.
    const all = await s.app.ctx.database.db.selectFrom("inbox").select("id").execute();
    expect(inboxes.has(w.mainLine) && inboxes.has(w.supportLine)).toBe(true);
    expect([...inboxes].every((id) => all.some((i) => i.id === id))).toBe(true);
    expect(inboxes.size).toBeGreaterThan(2);
    const listed = (await s.call("GET", "/v1/api-keys", { token: w.token.admin })).body.apiKeys.find((k: any) => key.includes(k.id));
    expect(listed.lastUsedAt).not.toBeNull();
    // read does not send
    expect((await send(key, "read-only-1")).status).toBe(403);
  });

  it("messages:send sends from an inbox and does not read", async () => {
    const key = await keyWith(["messages:send"]);
    const res = await send(key, "send-1");
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ body: "Your order shipped", direction: "outbound" });
    expect((await s.call("GET", "/v1/conversations", { token: key })).status).toBe(403);
  });

  it("messages:send sends a saved template filled from variables, and names a variable left empty", async () => {
    const key = await keyWith(["messages:send"]);
    const template = await s.call("POST", "/v1/templates", {
      token: w.token.admin,
      json: { name: "Shipped", body: "Hi {{contact.firstName}}, order {{order.number}} shipped." },
    });
    expect(template.status).toBe(201);
    const json = { inboxId: w.mainLine, to: "+14155550143", templateId: template.body.template.id, clientId: "tpl-1" };
    const missing = await s.call("POST", "/v1/messages", { token: key, json: { ...json, variables: { "contact.firstName": "Dana" } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/order\.number/);
    const res = await s.call("POST", "/v1/messages", { token: key, json: { ...json, variables: { "contact.firstName": "Dana", "order.number": "A-17" } } });
    expect(res.status).toBe(201);
    expect(res.body.message.body).toBe("Hi Dana, order A-17 shipped.");
  });

  it.each(["contacts:write", "events:write"])("%s is refused elsewhere: sending needs messages:send", async (scope) => {
    const key = await keyWith([scope]);
    const res = await send(key, `${scope}-1`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/messages:send/);
  });

  it("never opens admin or account endpoints, whatever its scopes", async () => {
    const key = await keyWith(["read", "messages:send", "contacts:write", "events:write"]);
    for (const [method, url] of [
      ["GET", "/v1/api-keys"],
      ["POST", "/v1/api-keys"],
      ["POST", "/v1/webhooks"],
      ["POST", "/v1/templates"],
      ["POST", "/v1/auth/logout"],
    ]) {
      const res = await s.call(method, url, { token: key, json: method === "GET" ? undefined : {} });
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    // GET /v1/webhooks is a read, but an admin's: the key acts as an agent.
    expect((await s.call("GET", "/v1/webhooks", { token: key })).status).toBe(403);
  });

  it("stops working once revoked", async () => {
    const res = await create(["read"]);
    expect((await s.call("GET", "/v1/conversations", { token: res.body.key })).status).toBe(200);
    expect((await s.call("DELETE", `/v1/api-keys/${res.body.apiKey.id}`, { token: w.token.admin })).status).toBe(204);
    expect((await s.call("GET", "/v1/conversations", { token: res.body.key })).status).toBe(401);
    expect((await s.call("DELETE", `/v1/api-keys/${res.body.apiKey.id}`, { token: w.token.admin })).status).toBe(404);
  });
});
