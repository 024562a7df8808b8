import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { connectStream } from "./support/stream-client";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ streamAuthTimeoutMs: 200 });
});
afterAll(() => server.close());

it("closes a stream that does not sign in within the auth timeout, with an error frame saying why", async () => {
  // Timed from before connecting: the server's timer starts when it accepts, which is after this, while our own
  // "open" may be handled long after the accept on a loaded machine.
  const started = Date.now();
  const conn = await connectStream(server);
  const closed = await conn.closed;
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(conn.frames).toEqual([{ type: "error", code: "auth_timeout", message: expect.stringContaining("auth") }]);
  expect(closed.code).toBe(4401);
});
