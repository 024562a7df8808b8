// GET /v1/health: what a load balancer asks each instance, without a token.
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close().catch(() => {});
  server = null;
});

describe("GET /v1/health", () => {
  it("answers 200 without a token while the database answers", async () => {
    server = await startServer();
    const res = await server.call("GET", "/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: server.app.ctx.database.dialect });
  });

  it("answers 503 with a reason, and no database detail, when the database is gone", async () => {
    server = await startServer({ tickMs: 60_000 }); // no background work touching the closed database meanwhile
    await server.app.ctx.database.db.destroy(); // the connection is closed under the running server
    const res = await server.call("GET", "/v1/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unavailable", database: server.app.ctx.database.dialect, reason: "the database did not answer; see the server log" });
  });

  it("is described in the OpenAPI document as public", async () => {
    server = await startServer();
    const doc = (await server.call("GET", "/v1/openapi.json")).body;
    expect(doc.paths["/v1/health"].get.security).toEqual([]);
  });
});
