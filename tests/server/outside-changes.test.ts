// The CLI changes a SQLite database from its own process; the running server learns of it within a second
// (PRAGMA data_version) and follows at once: open streams are rechecked, remembered token checks dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type TestServer } from "../support/server";
import { onPostgres } from "../support/test-database";
import { defaultConfig } from "../../server/config";
import type { ServerContext } from "../../server/context";
import { withCliContext } from "../../server/cli-context";
import { updateInbox } from "../../server/inboxes/inboxes.service";
import { serverWithSupportConversation, textIn, type Demo } from "./support/demo";
import { openStream } from "./support/stream-client";

/** As the CLI does it: its own connection to the same database file, its own (unheard) bus. */
const asTheCli = (server: TestServer, work: (ctx: ServerContext) => Promise<unknown>) =>
  withCliContext(defaultConfig({ databaseUrl: `sqlite:${server.dbFile}` }), work);

describe.skipIf(onPostgres)("changes made by another process (SQLite)", () => {
  let server: TestServer, d: Demo, ids: { admin: string; alice: string }, supportConversation: string;
  beforeAll(async () => {
    ({ server, d, ids, supportConversation } = await serverWithSupportConversation("+16465558200"));
  });
  afterAll(() => server.close());

  it("alice removed from Support line by the CLI: her socket is cut and her requests refused within about a second", async () => {
    const alice = await server.login("alice@demo.test");
    const socket = await openStream(server, alice, 1_000_000_000);
    expect((await server.call("GET", `/v1/conversations/${supportConversation}`, { token: alice })).status).toBe(200);

    await asTheCli(server, (ctx) => updateInbox(ctx, d.supportLine, { memberIds: [ids.admin] }));
    const changedAt = Date.now();
    expect((await socket.closed).code).toBe(4410);
    expect(socket.frames.at(-1)).toEqual({ type: "access_changed" });
    await waitFor(
      "alice refused",
      async () => (await server.call("GET", `/v1/conversations/${supportConversation}`, { token: alice })).status === 404,
      3000,
      50,
    );
    // Not the 60 s recheck nor the 2 s memory of token checks: the data_version watch, checked every second.
    expect(Date.now() - changedAt).toBeLessThan(1800);

    await asTheCli(server, (ctx) => updateInbox(ctx, d.supportLine, { memberIds: [ids.admin, ids.alice] }));
    await waitFor("alice back", async () => (await server.call("GET", `/v1/conversations/${supportConversation}`, { token: alice })).status === 200, 3000, 50);
  });

  it("leaves sockets alone when the server's own writes or the CLI's unrelated ones happen", async () => {
    const alice = await server.login("alice@demo.test");
    const socket = await openStream(server, alice, 1_000_000_000);
    await textIn(server, d.admin, d.mainLine, "+16465558201", "Main line text"); // this server's own write
    await asTheCli(server, (ctx) => ctx.database.db.updateTable("inbox").set({ helpText: "Reply STOP to opt out." }).where("id", "=", d.mainLine).execute());
    await new Promise((r) => setTimeout(r, 1500)); // a watch tick and its recheck
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    await socket.close();
  });
});
