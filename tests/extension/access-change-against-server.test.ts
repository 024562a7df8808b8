// The real sync engine against the real server when an admin changes the synced user's inboxes: the stream's
// access_changed makes the engine bootstrap again by itself, so the cache drops everything of an inbox the
// user left and gains an inbox they joined (invariants 4 and 5), with nobody touching the extension.
import "../support/extension-env";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SidetextDb } from "../../src/db/schema";
import { createSyncEngine, type SyncEngine } from "../../src/sync/engine";
import type { WebSocketCtor } from "../../src/sync/stream";
import { cacheState } from "../support/cache-state";
import { startServer, waitFor, type TestServer } from "../support/server";

let server: TestServer;
let admin: string;
let alice: string;
let supportLine: string;
let memberIds: { admin: string; alice: string };
const db = new SidetextDb(`access-${crypto.randomUUID()}`);
let engine: SyncEngine;

beforeAll(async () => {
  server = await startServer();
  admin = await server.login("admin@demo.test");
  alice = await server.login("alice@demo.test");
  const { db: sql } = server.app.ctx.database;
  supportLine = (await sql.selectFrom("inbox").select("id").where("name", "=", "Support line").executeTakeFirstOrThrow()).id;
  const users = await sql.selectFrom("user").select(["id", "email"]).execute();
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  memberIds = { admin: id("admin@demo.test"), alice: id("alice@demo.test") };
  engine = createSyncEngine({ db, WebSocket: WebSocket as unknown as WebSocketCtor });
});
afterAll(async () => {
  engine.stop();
  await db.delete();
  await server.close();
});

const setSupportMembers = async (ids: string[]) =>
  expect((await server.call("PATCH", `/v1/inboxes/${supportLine}`, { token: admin, json: { memberIds: ids } })).status).toBe(200);

/** What the cache holds of Support line: conversations, and messages and notes of any conversation of it. */
async function supportInCache() {
  const conversations = (await db.conversations.toArray()).filter((c) => c.inboxId === supportLine);
  const messages = (await db.messages.toArray()).filter((m) => m.inboxId === supportLine);
  const notes = (await db.notes.toArray()).filter((n) => n.inboxId === supportLine);
  return { conversations: conversations.length, messages: messages.length, notes: notes.length, inbox: !!(await db.inboxes.get(supportLine)) };
}

/** The cache's conversations and contacts equal alice's bootstrap from the server. */
async function expectCacheMatchesServer() {
  let last = "";
  await waitFor(
    "cache equal to alice's bootstrap",
    async () => {
      const boot = (await server.call("GET", "/v1/bootstrap", { token: alice })).body;
      const cache = await cacheState(db);
      const ids = (list: Array<{ id: string }>) => JSON.stringify(list.map((x) => x.id).sort());
      last = `cache ${cache.conversations.length} conversations / ${cache.contacts.length} contacts, server ${boot.conversations.length} / ${boot.contacts.length}`;
      return ids(cache.conversations) === ids(boot.conversations) && ids(cache.contacts) === ids(boot.contacts);
    },
    10_000,
    50,
  ).catch((err) => {
    throw new Error(`${err.message}: ${last}`);
  });
}

describe("the cache follows the user's inboxes", () => {
  it("holds Support line after sign-in, with a thread loaded", async () => {
    expect((await engine.signIn(server.url, "alice@demo.test", "sidetext-demo")).ok).toBe(true);
    await waitFor("live", () => engine.connection().state === "live", 10_000);
    const conversation = (await db.conversations.toArray()).find((c) => c.inboxId === supportLine)!;
    await engine.threads.ensure(conversation.id);
    const held = await supportInCache();
    expect(held.inbox).toBe(true);
    expect(held.conversations).toBeGreaterThan(0);
    expect(held.messages).toBeGreaterThan(0);
  });

  it("drops every conversation, message and note of Support line when alice is removed from it", async () => {
    await setSupportMembers([memberIds.admin]);
    await waitFor(
      "Support line gone from the cache",
      async () => {
        const held = await supportInCache();
        return !held.inbox && held.conversations === 0 && held.messages === 0 && held.notes === 0;
      },
      10_000,
      50,
    );
    await waitFor("live again", () => engine.connection().state === "live", 10_000);
    await expectCacheMatchesServer();
  });

  it("brings Support line back, existing conversations included, when alice is added again", async () => {
    await setSupportMembers([memberIds.admin, memberIds.alice]);
    await waitFor(
      "Support line back in the cache",
      async () => {
        const held = await supportInCache();
        return held.inbox && held.conversations > 0;
      },
      10_000,
      50,
    );
    await waitFor("live again", () => engine.connection().state === "live", 10_000);
    await expectCacheMatchesServer();
    // And the socket it reopened carries Support line live.
    const res = await server.call("POST", "/v1/simulator/inbound", {
      token: admin,
      json: { inboxId: supportLine, from: "+16465558800", body: "Back on Support line" },
    });
    expect(res.status).toBe(201);
    await waitFor("the new conversation", async () => !!(await db.conversations.get(res.body.message.conversationId)), 5000, 25);
  });
});
