// GET /v1/metrics: the feed's head and its sequencer backlog, for monitoring, without a token (numbers only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { headSeq } from "./support/workspace";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("GET /v1/metrics", () => {
  it("answers the feed's head and an empty backlog once writes are in the feed", async () => {
    const token = await server.login("admin@demo.test");
    expect((await server.call("POST", "/v1/templates", { token, json: { name: "Metrics", body: "x" } })).status).toBe(201);
    const res = await server.call("GET", "/v1/metrics");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ feed: { head: await headSeq(server), unsequenced: 0, oldestUnsequencedMs: 0 } });
  });

  it("is described in the OpenAPI document as public", async () => {
    const doc = (await server.call("GET", "/v1/openapi.json")).body;
    expect(doc.paths["/v1/metrics"].get.security).toEqual([]);
  });
});
