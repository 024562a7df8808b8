import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { connectStream } from "./support/stream-client";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ streamAuthTimeoutMs: 200 });
});
afterAll(() => server.close());

it("closes a stream that does not sign in within the auth timeout, with an error frame saying why", async () => {
  const conn = await connectStream(server);
  const started = Date.now();
  const closed = await conn.closed;
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(conn.frames).toEqual([{ type: "error", code: "auth_timeout", message: expect.stringContaining("auth") }]);
  expect(closed.code).toBe(4401);
});
