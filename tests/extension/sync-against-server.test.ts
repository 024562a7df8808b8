// The real sync engine against the real server (in-process, SQLite, demo seed), cache in fake-indexeddb:
// after bootstrap, 200 events by stream, the socket dropped and 100 events by polling, and a restart,
// the cache equals the server's state for that user (invariant 5).
import "../support/extension-env";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, type ApiOptions } from "../../src/api/client";
import { SidetextDb } from "../../src/db/schema";
import { createSyncEngine, type SyncEngine } from "../../src/sync/engine";
import type { WebSocketCtor } from "../../src/sync/stream";
import { cacheState } from "../support/cache-state";
import { startServer, waitFor, type TestServer } from "../support/server";

let server: TestServer;
let admin: string; // the teammate making changes
let alice: string; // token for reading the server's truth as the synced user
const db = new SidetextDb(`it-${crypto.randomUUID()}`);
const sockets = new Set<WebSocket>();
let socketsBlocked = false;
const calls: string[] = [];

class TestSocket extends WebSocket {
  constructor(url: string) {
    super(socketsBlocked ? "ws://127.0.0.1:9/v1/stream" : url); // port 9: connection refused
    sockets.add(this);
    this.on("close", () => sockets.delete(this));
  }
}
const engines: SyncEngine[] = [];
function newEngine() {
  const engine = createSyncEngine({
    db,
    WebSocket: TestSocket as unknown as WebSocketCtor,
    createApi: (o: ApiOptions) => {
      const api = createApi(o);
      return {
        ...api,
        sync: (after: number, limit?: number) => {
          calls.push(`sync:${after}`);
          return api.sync(after, limit);
        },
      };
    },
  });
  engines.push(engine);
  return engine;
}

beforeAll(async () => {
  server = await startServer();
  admin = await server.login("admin@demo.test");
  alice = await server.login("alice@demo.test");
});
afterAll(async () => {
  for (const e of engines) e.stop();
  await db.delete();
  await server.close();
});

const get = async (path: string) => {
  const res = await server.call("GET", path, { token: alice });
  expect(res.status, path).toBe(200);
  return res.body;
};
const head = async (): Promise<number> => (await get("/v1/bootstrap")).cursor;

/** The server's state for alice, in the cache's shape: bootstrap plus every conversation's full timeline. */
async function serverState() {
  const boot = await get("/v1/bootstrap");
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  const messages = [];
  const notes = [];
  const activities = [];
  for (const c of boot.conversations) {
    const page = await get(`/v1/conversations/${c.id}/messages?limit=200`);
    expect(page.hasMore).toBe(false);
    messages.push(...page.messages);
    notes.push(...page.notes);
    activities.push(...page.activities);
  }
  return {
    conversations: byId(boot.conversations),
    contacts: byId(boot.contacts),
    messages: byId(messages),
    notes: byId(notes),
    templates: byId(boot.templates),
    activities: sortActivities(activities),
  };
}

type Line = { seq: number; conversationId: string };
const sortActivities = <T extends Line>(lines: T[]) => [...lines].sort((a, b) => a.conversationId.localeCompare(b.conversationId) || a.seq - b.seq);

/** Waits until the cache equals the server (delivery receipts keep arriving for a moment after sends). */
async function expectConverged(engine: SyncEngine) {
  for (const id of await db.conversations.toCollection().primaryKeys()) await engine.threads.ensure(id);
  let last = "";
  await waitFor(
    "cache equal to the server",
    async () => {
      const [cache, truth] = await Promise.all([
        cacheState(db).then(async (c) => ({ ...c, activities: sortActivities(await db.activities.toArray()) })),
        serverState(),
      ]);
      last = diff(cache, truth);
      return last === "";
    },
    15_000,
    200,
  ).catch((err) => {
    throw new Error(`${err.message}: ${last}`);
  });
}
function diff(cache: Record<string, unknown[]>, truth: Record<string, unknown[]>) {
  for (const key of Object.keys(truth)) {
    const a = JSON.stringify(cache[key]);
    const b = JSON.stringify(truth[key]);
    if (a !== b) return `${key} differ: cache ${cache[key].length} rows, server ${truth[key].length}`;
  }
  return "";
}

/** Makes at least `n` events visible to alice: customers texting in, the admin triaging. */
async function makeEvents(n: number) {
  const start = await head();
  const boot = await get("/v1/bootstrap");
  let i = 0;
  while ((await head()) - start < n) {
    const c = boot.conversations[i % boot.conversations.length];
    const contact = boot.contacts.find((k: { id: string }) => k.id === c.contactId);
    if (i % 3 === 2) {
      const res = await server.call("PATCH", `/v1/conversations/${c.id}`, { token: admin, json: { status: i % 2 ? "pending" : "open" } });
      expect(res.status).toBe(200);
    } else {
      const res = await server.call("POST", "/v1/simulator/inbound", {
        token: admin,
        json: { inboxId: c.inboxId, from: contact.phoneNumber, body: `Message ${i} from the customer` },
      });
      expect(res.status).toBe(201);
    }
    i++;
  }
  return (await head()) - start;
}

describe("sync against the real server", () => {
  let engine: SyncEngine;

  it("bootstraps alice's cache equal to the server", async () => {
    engine = newEngine();
    const res = await engine.signIn(server.url, "alice@demo.test", "sidetext-demo");
    expect(res.ok).toBe(true);
    await waitFor("live", () => engine.connection().state === "live");
    await expectConverged(engine);
  });

  it("applies 200 events from the stream", async () => {
    calls.length = 0;
    expect(await makeEvents(200)).toBeGreaterThanOrEqual(200);
    await expectConverged(engine);
    expect(calls).toEqual([]); // all of it came over the socket
    expect(await db.activities.count()).toBeGreaterThan(0); // the admin's triage shows in the timelines
    expect(engine.connection().state).toBe("live");
  });

  it("polls /v1/sync when the socket is dropped, for 100 more events", async () => {
    socketsBlocked = true;
    for (const s of sockets) s.terminate();
    await waitFor("polling", () => engine.connection().state === "polling");
    const before = calls.length;
    await makeEvents(100);
    await engine.onAlarm();
    expect(calls.length).toBeGreaterThan(before);
    await expectConverged(engine);
    expect(engine.connection().state).toBe("polling");
  });

  it("resumes after a restart from the stored cursor, then live again", async () => {
    engine.stop();
    await makeEvents(30);
    const cursor = await db.getMeta("cursor");
    socketsBlocked = false;
    calls.length = 0;
    const restarted = newEngine();
    await restarted.start();
    expect(calls[0]).toBe(`sync:${cursor}`);
    await waitFor("live again", () => restarted.connection().state === "live", 10_000);
    await makeEvents(10);
    await expectConverged(restarted);
  });
});
