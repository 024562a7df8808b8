// The SSRF guard: without the simulator (production), endpoints must be https to public addresses: http,
// private, loopback, link-local and mapped addresses, and a DNS name resolving to one, are refused with a
// 400 that changes nothing; the check runs again at delivery, and at connect time. With the simulator (local
// development and these tests' receivers) http://127.0.0.1 is allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";
import { workspace, type Workspace } from "./support/workspace";
import { guardedLookup } from "../../server/integrations/webhooks/webhook-destination";

let prod: TestServer;
let w: Workspace;
beforeAll(async () => {
  prod = await startServer({ simulator: false });
  w = await workspace(prod);
});
afterAll(async () => prod?.close());

const register = (server: TestServer, token: string, url: string) =>
  server.call("POST", "/v1/webhooks", { token, json: { url, eventTypes: ["message.created"] } });

describe("webhook destinations without the simulator", () => {
  it.each([
    ["http to a public name", "http://example.com/hook", /https/],
    ["loopback", "https://127.0.0.1/hook", /private or local/],
    ["a private range", "https://10.1.2.3/hook", /private or local/],
    ["another private range", "https://192.168.1.20:8443/hook", /private or local/],
    ["the cloud metadata address (link-local)", "https://169.254.169.254/latest/meta-data", /private or local/],
    ["IPv6 loopback", "https://[::1]/hook", /private or local/],
    ["an IPv4-mapped IPv6 private address", "https://[::ffff:192.168.0.1]/hook", /private or local/],
    ["CGNAT", "https://100.64.0.1/hook", /private or local/],
    ["a DNS name that resolves to loopback", "https://localhost/hook", /private or local/],
    ["a name that does not resolve", "https://nothing-here.invalid/hook", /does not resolve/],
    ["a URL with credentials", "https://user:pw@example.com/hook", /user name or password/],
  ])("refuses %s with a 400 and stores nothing", async (_what, url, message) => {
    const res = await register(prod, w.token.admin, url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(message);
    expect((await prod.call("GET", "/v1/webhooks", { token: w.token.admin })).body.endpoints).toHaveLength(0);
  });

  it("refuses a PATCH that points an endpoint at a private address", async () => {
    const db = prod.app.ctx.database.db as any;
    await db
      .insertInto("webhookEndpoint")
      .values({
        id: "whe_public",
        url: "https://1.1.1.1/hook",
        description: "",
        eventTypes: '["message.created"]',
        secretSealed: "x",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      })
      .execute();
    const res = await prod.call("PATCH", "/v1/webhooks/whe_public", { token: w.token.admin, json: { url: "https://10.0.0.5/x" } });
    expect(res.status).toBe(400);
    expect((await db.selectFrom("webhookEndpoint").select("url").where("id", "=", "whe_public").executeTakeFirst()).url).toBe("https://1.1.1.1/hook");
    await db.deleteFrom("webhookEndpoint").execute();
  });

  it("refuses at connect time a name that resolves only to a local address", async () => {
    const err = await new Promise<Error | null>((resolve) => guardedLookup(false)("localhost", {}, (e) => resolve(e)));
    expect(err?.message).toMatch(/private or local/);
    const ok = await new Promise<Error | null>((resolve) => guardedLookup(true)("localhost", {}, (e) => resolve(e)));
    expect(ok).toBeNull();
  });
});

describe("webhook destinations with the simulator (local development)", () => {
  let dev: TestServer;
  let receiver: http.Server;
  let hits = 0;
  beforeAll(async () => {
    dev = await startServer();
    receiver = http.createServer((_req, res) => {
      hits++;
      res.end("ok");
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await dev?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("allows http://127.0.0.1 and delivers to it", async () => {
    const token = await dev.login("admin@demo.test");
    const port = (receiver.address() as { port: number }).port;
    const res = await register(dev, token, `http://127.0.0.1:${port}/hook`);
    expect(res.status).toBe(201);
    await dev.call("POST", `/v1/webhooks/${res.body.endpoint.id}/test`, { token });
    await waitFor("the test event", () => hits === 1);
  });
});
