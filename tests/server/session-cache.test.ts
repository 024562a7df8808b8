// Requests reuse a recent token check (server/auth/session-cache.ts), yet every access change made through
// the server holds for the very next request; one nothing signals (the CLI on another process) within 2 s.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sleep, type TestServer } from "../support/server";
import { serverWithSupportConversation, type Demo } from "./support/demo";
import { EventBus } from "../../server/events/event-bus";
import { SessionCache } from "../../server/auth/session-cache";
import { hashToken } from "../../server/auth/passwords";
import type { Session } from "../../server/auth/authenticate";

describe("session cache in the server", () => {
  let server: TestServer, d: Demo, ids: { admin: string; alice: string }, supportConversation: string;
  beforeAll(async () => {
    ({ server, d, ids, supportConversation } = await serverWithSupportConversation("+16465558100"));
  });
  afterEach(async () => {
    expect((await server.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds: [ids.admin, ids.alice] } })).status).toBe(200);
  });
  afterAll(() => server.close());

  const readSupport = (token: string) => server.call("GET", `/v1/conversations/${supportConversation}`, { token });

  it("a member removed through the API is refused on her very next request", async () => {
    const alice = await server.login("alice@demo.test");
    expect((await readSupport(alice)).status).toBe(200); // her session is now remembered
    expect((await server.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds: [ids.admin] } })).status).toBe(200);
    expect((await readSupport(alice)).status).toBe(404);
    expect(
      (await server.call("GET", "/v1/conversations?limit=200", { token: alice })).body.conversations.map((c: { inboxId: string }) => c.inboxId),
    ).not.toContain(d.supportLine);
  });

  it("a member added through the API sees the inbox on her very next request", async () => {
    expect((await server.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds: [ids.admin] } })).status).toBe(200);
    const alice = await server.login("alice@demo.test");
    expect((await readSupport(alice)).status).toBe(404);
    expect((await server.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds: [ids.admin, ids.alice] } })).status).toBe(200);
    expect((await readSupport(alice)).status).toBe(200);
  });

  it("a signed-out token is refused on the very next request; the user's other session goes on", async () => {
    const alice = await server.login("alice@demo.test");
    const other = await server.login("alice@demo.test");
    expect((await server.call("GET", "/v1/me", { token: alice })).status).toBe(200);
    expect((await server.call("GET", "/v1/me", { token: other })).status).toBe(200);
    expect((await server.call("POST", "/v1/auth/logout", { token: alice })).status).toBe(204);
    expect((await server.call("GET", "/v1/me", { token: alice })).status).toBe(401);
    expect((await server.call("GET", "/v1/me", { token: other })).status).toBe(200);
  });

  it("a membership removed on the server's own connection without any announcement holds within 2 s", async () => {
    const alice = await server.login("alice@demo.test");
    expect((await readSupport(alice)).status).toBe(200);
    await server.app.ctx.database.db.deleteFrom("inboxMember").where("inboxId", "=", d.supportLine).where("userId", "=", ids.alice).execute();
    // The server's clock jumps past the 2 s a check is remembered (only Date is faked), rather than waiting it out.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + 2001);
      expect((await readSupport(alice)).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("SessionCache", () => {
  // Its clock is Date.now: faked here (it still moves on), so its time limits pass without waiting.
  beforeEach(() => void vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true }));
  afterEach(() => void vi.useRealTimers());
  const session = (inboxIds: string[], expiresInMs = 60_000): Session => ({
    user: { id: "usr_alice", email: "alice@demo.test", name: "Alice", role: "agent", inboxIds },
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  });

  it("reads a token once while it is fresh, and again after its time", async () => {
    let reads = 0;
    const cache = new SessionCache(
      new EventBus(),
      async () => {
        reads++;
        return session(["inb_main"]);
      },
      100,
    );
    await cache.userFor("stx_a");
    await cache.userFor("stx_a");
    expect(reads).toBe(1);
    vi.setSystemTime(Date.now() + 120);
    await cache.userFor("stx_a");
    expect(reads).toBe(2);
    cache.stop();
  });

  it("never serves a remembered session past its expiry", async () => {
    const stored = session(["inb_main"], 50);
    let reads = 0;
    const cache = new SessionCache(
      new EventBus(),
      async () => {
        reads++;
        return stored;
      },
      10_000,
    );
    expect(await cache.userFor("stx_a")).not.toBeNull();
    vi.setSystemTime(Date.now() + 60);
    expect(await cache.userFor("stx_a")).toBeNull();
    expect(reads).toBe(2); // not answered from memory: read again, and refused
    cache.stop();
  });

  it("does not remember a read that was under way when an access change came", async () => {
    const bus = new EventBus();
    let release!: () => void;
    let reads = 0;
    const cache = new SessionCache(
      bus,
      async () => {
        reads++;
        if (reads === 1) await new Promise<void>((r) => (release = r));
        return session(reads === 1 ? ["inb_main", "inb_support"] : ["inb_main"]);
      },
      10_000,
    );
    const first = cache.userFor("stx_a");
    await sleep(5);
    bus.accessChanged({ type: "membership", userIds: ["usr_alice"] }); // committed while the first read was out
    release();
    expect((await first)!.inboxIds).toEqual(["inb_main", "inb_support"]);
    expect((await cache.userFor("stx_a"))!.inboxIds).toEqual(["inb_main"]); // read again, not the stale one
    cache.stop();
  });

  it("shares one read among requests that miss at once, but not across an access change", async () => {
    const bus = new EventBus();
    let release!: () => void;
    let reads = 0;
    const cache = new SessionCache(
      bus,
      async () => {
        const n = ++reads;
        if (n === 1) await new Promise<void>((r) => (release = r));
        return session(n === 1 ? ["inb_main", "inb_support"] : ["inb_main"]);
      },
      10_000,
    );
    const together = Array.from({ length: 32 }, () => cache.userFor("stx_a"));
    await sleep(5);
    expect(reads).toBe(1); // the 31 others wait for the first one's read
    bus.accessChanged({ type: "membership", userIds: ["usr_alice"] });
    const after = cache.userFor("stx_a"); // came after the change: a read of its own
    release();
    const users = await Promise.all(together);
    expect(users.every((u) => u!.inboxIds.length === 2)).toBe(true);
    expect((await after)!.inboxIds).toEqual(["inb_main"]);
    expect(reads).toBe(2);
    cache.stop();
  });

  it("forgets only the signed-out token and only the changed users", async () => {
    const bus = new EventBus();
    let reads = 0;
    const cache = new SessionCache(
      bus,
      async () => {
        reads++;
        return session(["inb_main"]);
      },
      10_000,
    );
    await cache.userFor("stx_a");
    await cache.userFor("stx_b");
    bus.accessChanged({ type: "signed_out", userId: "usr_alice", tokenHash: hashToken("stx_a") });
    await cache.userFor("stx_b");
    expect(reads).toBe(2);
    await cache.userFor("stx_a");
    expect(reads).toBe(3);
    bus.accessChanged({ type: "membership", userIds: ["usr_bob"] });
    await cache.userFor("stx_a");
    expect(reads).toBe(3);
    bus.accessChanged({ type: "membership", userIds: ["usr_alice"] });
    await cache.userFor("stx_a");
    await cache.userFor("stx_b");
    expect(reads).toBe(5);
    cache.stop();
  });

  it("hands out a user nothing can change in place", async () => {
    const cache = new SessionCache(new EventBus(), async () => session(["inb_main"]), 10_000);
    const user = (await cache.userFor("stx_a"))!;
    expect(() => (user.inboxIds as string[]).push("inb_support")).toThrow();
    cache.stop();
  });
});
