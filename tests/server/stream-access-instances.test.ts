// Access changes across instances on one PostgreSQL: an admin's change or a sign-out made through one
// instance (or by the CLI, on its own connection) ends the affected sockets on another at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { defaultConfig } from "../../server/config";
import { withCliContext } from "../../server/cli-context";
import { addInboxMember } from "../../server/inboxes/inboxes.service";
import { demo, textIn, type Demo } from "./support/demo";
import { openStream, type StreamConn } from "./support/stream-client";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;
const HEAD = 1_000_000_000;

describe.skipIf(!onPostgres)(`stream access across instances${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let url: string;
  let a: TestServer; // where the changes are made
  let b: TestServer; // where the sockets are
  let d: Demo;
  let ids: { admin: string; alice: string; bob: string };
  const open: StreamConn[] = [];
  const stream = async (token: string) => {
    const conn = await openStream(b, token, HEAD);
    open.push(conn);
    return conn;
  };
  const setSupportMembers = async (memberIds: string[]) =>
    expect((await a.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds } })).status).toBe(200);

  beforeAll(async () => {
    url = await createPostgresDatabase(tempDbFile());
    a = await startServer({ databaseUrl: url });
    b = await startServer({ databaseUrl: url, seed: "none" });
    d = await demo(a);
    ids = { admin: await d.userId("admin@demo.test"), alice: await d.userId("alice@demo.test"), bob: await d.userId("bob@demo.test") };
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await setSupportMembers([ids.admin, ids.alice]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("alice removed through instance A: her socket on B gets access_changed, and no Support line text committed afterwards", async () => {
    const alice = await stream(d.alice);
    const before = await textIn(a, d.admin, d.supportLine, "+16465559000", "Support line, before");
    await waitFor("the Support line message on B", () => alice.events().find((e) => e.type === "message.created" && e.data.id === before.id));
    await setSupportMembers([ids.admin]);
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => textIn(i % 2 ? a : b, d.admin, d.supportLine, `+1646555${9100 + i}`, `After ${i}`)));
    expect((await alice.closed).code).toBe(4410);
    expect(alice.frames.at(-1)).toEqual({ type: "access_changed" });
    const leaked = new Set(after.map((m) => m.id));
    expect(alice.events().filter((e) => e.type === "message.created" && leaked.has(e.data.id))).toEqual([]);
  });

  it("bob added by the CLI (its own connection): his socket on B gets access_changed", async () => {
    const bob = await stream(d.bob);
    // What `inbox:add-member` of server/cli.ts does.
    await withCliContext(defaultConfig({ databaseUrl: url }), (ctx) => addInboxMember(ctx, d.supportLine, ids.bob));
    expect((await bob.closed).code).toBe(4410);
    expect(bob.frames.at(-1)).toEqual({ type: "access_changed" });
  });

  it("signing out through A ends the token's socket on B as unauthorized", async () => {
    const token = await a.login("alice@demo.test");
    const alice = await stream(token);
    expect((await a.call("POST", "/v1/auth/logout", { token })).status).toBe(204);
    expect((await alice.closed).code).toBe(4401);
    expect(alice.frames.at(-1)).toMatchObject({ type: "error", code: "unauthorized" });
  });
});
