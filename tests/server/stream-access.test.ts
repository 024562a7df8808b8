// An open stream follows its user's access at once (invariant 4): leaving an inbox stops its events and
// presence and tells the client to bootstrap again (access_changed, close 4410); joining one does the same;
// signing out or expiring ends the socket as unauthorized (close 4401). Real server, real SQLite, real sockets.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sleep, startServer, waitFor, type TestServer } from "../support/server";
import { openStream, type StreamConn } from "./support/stream-client";
import { demo, textIn, type Demo } from "./support/demo";
import type { WebSocket } from "ws";
import { hashToken } from "../../server/auth/passwords";
import { AccessGuard } from "../../server/stream/access-guard";
import { PresenceBoard } from "../../server/stream/presence";
import { StreamHub } from "../../server/stream/stream-hub";

let server: TestServer;
let d: Demo;
let ids: { admin: string; alice: string; bob: string };
const open: StreamConn[] = [];
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
  ids = { admin: await d.userId("admin@demo.test"), alice: await d.userId("alice@demo.test"), bob: await d.userId("bob@demo.test") };
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await setSupportMembers([ids.admin, ids.alice]); // the demo's members again
});
afterAll(() => server.close());

const HEAD = 1_000_000_000; // skip the replay: these tests are about what comes live
const stream = async (token: string, after = HEAD) => {
  const conn = await openStream(server, token, after);
  open.push(conn);
  return conn;
};
async function setSupportMembers(memberIds: string[]) {
  const res = await server.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds } });
  expect(res.status).toBe(200);
}
const eventsOfInbox = (c: StreamConn, inboxId: string) => c.events().filter((e) => (e.data as { inboxId?: string }).inboxId === inboxId);
const framesAfter = (c: StreamConn, type: string) => c.frames.slice(c.frames.findIndex((f) => f.type === type) + 1);

/** The highest seq published when the next access change was announced: what a cut socket may have had. */
function seqAtNextAccessChange() {
  const { bus } = server.app.ctx;
  let published = 0;
  let atChange: number | null = null;
  const stopEvents = bus.subscribe((events) => (published = events[events.length - 1].seq));
  const stopAccess = bus.onAccessChange(() => (atChange ??= published));
  return {
    get: () => atChange,
    stop: () => {
      stopEvents();
      stopAccess();
    },
  };
}

describe("stream access follows membership", () => {
  it("alice removed from Support line: nothing of it committed afterwards reaches her socket, she gets access_changed and close 4410", async () => {
    const alice = await stream(d.alice);
    const before = await textIn(server, d.admin, d.mainLine, "+16465557000", "Main line, before");
    await waitFor("the Main line message", () => alice.events().find((e) => e.type === "message.created" && e.data.id === before.id));

    const cut = seqAtNextAccessChange();
    // Customers keep texting Support line while the admin removes alice: every text committed after the
    // change must stay off her socket, whatever was in flight.
    const texts = Array.from({ length: 20 }, (_, i) => textIn(server, d.admin, d.supportLine, `+1646555${7100 + i}`, `Support ${i}`));
    await setSupportMembers([ids.admin]);
    const after = await textIn(server, d.admin, d.supportLine, "+16465557200", "Support line, after");
    await Promise.all(texts);
    const closed = await alice.closed;
    cut.stop();

    expect(closed.code).toBe(4410);
    expect(alice.frames.at(-1)).toEqual({ type: "access_changed" });
    const atChange = cut.get()!;
    expect(atChange).toBeGreaterThan(0);
    expect(eventsOfInbox(alice, d.supportLine).filter((e) => e.seq > atChange)).toEqual([]);
    expect(alice.events().some((e) => e.type === "message.created" && e.data.id === after.id)).toBe(false);
  });

  it("alice reconnected after leaving Support line gets Main line and never Support line", async () => {
    await setSupportMembers([ids.admin]);
    const alice = await stream(d.alice);
    const support = await textIn(server, d.admin, d.supportLine, "+16465557300", "Support line");
    const main = await textIn(server, d.admin, d.mainLine, "+16465557301", "Main line");
    await waitFor("the Main line message", () => alice.events().find((e) => e.type === "message.created" && e.data.id === main.id));
    await sleep(100);
    expect(eventsOfInbox(alice, d.supportLine)).toEqual([]);
    expect(alice.events().some((e) => e.type === "message.created" && e.data.id === support.id)).toBe(false);
    const boot = await server.call("GET", "/v1/bootstrap", { token: d.alice });
    expect(boot.body.inboxes.map((i: { id: string }) => i.id)).toEqual([d.mainLine]);
  });

  it("bob added to Support line gets access_changed; after it his bootstrap and his new socket have Support line", async () => {
    const bob = await stream(d.bob);
    const main = await stream(d.admin); // a member whose access did not change keeps streaming
    await setSupportMembers([ids.admin, ids.alice, ids.bob]);
    expect((await bob.closed).code).toBe(4410);
    expect(bob.frames.at(-1)).toEqual({ type: "access_changed" });

    const boot = await server.call("GET", "/v1/bootstrap", { token: d.bob });
    expect(boot.body.inboxes.map((i: { id: string }) => i.id)).toContain(d.supportLine);
    expect(boot.body.conversations.some((c: { inboxId: string }) => c.inboxId === d.supportLine)).toBe(true);
    const again = await stream(d.bob, boot.body.cursor);
    const support = await textIn(server, d.admin, d.supportLine, "+16465557400", "Support line for bob");
    await waitFor("bob's Support line message", () => again.events().find((e) => e.type === "message.created" && e.data.id === support.id));
    await waitFor("the admin's copy", () => main.events().find((e) => e.type === "message.created" && e.data.id === support.id));
    expect(main.frames.some((f) => f.type === "access_changed")).toBe(false);
  });

  it("a removed member's presence ends at once for the others, and theirs no longer reaches her", async () => {
    const db = server.app.ctx.database.db;
    const conversationId = (await db.selectFrom("conversation").select("id").where("inboxId", "=", d.supportLine).executeTakeFirstOrThrow()).id;
    const alice = await stream(d.alice);
    const admin = await stream(d.admin);
    alice.send({ type: "presence", conversationId, state: "viewing" });
    await admin.waitForFrame("presence", (f) => f.userId === ids.alice && f.state === "viewing");
    await setSupportMembers([ids.admin]);
    await admin.waitForFrame("presence", (f) => f.userId === ids.alice && f.state === "idle");
    await alice.closed;
    admin.send({ type: "presence", conversationId, state: "typing" });
    await sleep(100);
    expect(alice.frames.filter((f) => f.type === "presence")).toEqual([]);
    // A new admin socket sees no leftover presence of alice.
    const later = await stream(d.admin);
    await sleep(50);
    expect(later.frames.filter((f) => f.type === "presence" && f.userId === ids.alice)).toEqual([]);
  });

  it("a membership change of other users leaves a socket alone", async () => {
    const alice = await stream(d.alice);
    const bob = await stream(d.bob);
    await setSupportMembers([ids.admin, ids.alice, ids.bob]); // only bob changes
    expect((await bob.closed).code).toBe(4410);
    const main = await textIn(server, d.admin, d.supportLine, "+16465557500", "Still here");
    await waitFor("alice's Support line message", () => alice.events().find((e) => e.type === "message.created" && e.data.id === main.id));
    expect(alice.frames.some((f) => f.type === "access_changed")).toBe(false);
  });
});

describe("stream access follows the session", () => {
  it("signing out ends the sockets of that token: unauthorized frame, close 4401, nothing after; another session stays", async () => {
    const token = await server.login("alice@demo.test");
    const signedOut = await stream(token);
    const other = await stream(d.alice);
    const res = await server.call("POST", "/v1/auth/logout", { token });
    expect(res.status).toBe(204);
    const closed = await signedOut.closed;
    expect(closed.code).toBe(4401);
    expect(signedOut.frames.at(-1)).toEqual({ type: "error", code: "unauthorized", message: expect.any(String) });
    const count = signedOut.frames.length;
    const main = await textIn(server, d.admin, d.mainLine, "+16465557600", "After sign-out");
    await waitFor("the other session's copy", () => other.events().find((e) => e.type === "message.created" && e.data.id === main.id));
    expect(signedOut.frames.length).toBe(count);
    expect(framesAfter(signedOut, "error")).toEqual([]);
  });

  it("a session that expires ends its socket as unauthorized", async () => {
    const token = await server.login("bob@demo.test");
    const { db } = server.app.ctx.database;
    // Expires in a minute: the socket signs in while it is still valid, then the server's clock jumps past it
    // (only Date is faked; the expiry check still ticks every real second).
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await db.updateTable("apiToken").set({ expiresAt }).where("tokenHash", "=", hashToken(token)).execute();
    const bob = await stream(token);
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const closed = await bob.closed;
      expect(closed.code).toBe(4401);
      expect(bob.frames.at(-1)).toMatchObject({ type: "error", code: "unauthorized" });
      expect(new Date().toISOString() >= expiresAt).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("stream access recheck", () => {
  it("catches a change no signal reached (the CLI on SQLite is another process): memberships and sessions are read again", async () => {
    const { ctx } = server.app;
    const hub = new StreamHub(ctx);
    const presence = new PresenceBoard(hub);
    const guard = new AccessGuard(ctx, hub, presence);
    const socketOf = () => {
      const sent: unknown[] = [];
      const socket = { OPEN: 1, readyState: 1, send: (s: string) => sent.push(JSON.parse(s)), close: (code: number) => sent.push(code) };
      return { sent, socket: socket as unknown as WebSocket };
    };
    try {
      const session = async (token: string) => ({
        tokenHash: hashToken(token),
        expiresAt: (await ctx.database.db.selectFrom("apiToken").select("expiresAt").where("tokenHash", "=", hashToken(token)).executeTakeFirstOrThrow())
          .expiresAt,
      });
      const alice = socketOf();
      const bob = socketOf();
      const gone = socketOf();
      const goneToken = await server.login("bob@demo.test");
      hub.join({ ...(await me(d.alice)), inboxIds: [d.mainLine, d.supportLine] }, await session(d.alice), alice.socket);
      hub.join({ ...(await me(d.bob)), inboxIds: [d.mainLine] }, await session(d.bob), bob.socket);
      hub.join({ ...(await me(d.bob)), inboxIds: [d.mainLine] }, await session(goneToken), gone.socket);
      // Written straight to the database, as another process would: no signal reaches this instance.
      const { db } = ctx.database;
      await db.deleteFrom("inboxMember").where("inboxId", "=", d.supportLine).where("userId", "=", ids.alice).execute();
      await db.deleteFrom("apiToken").where("tokenHash", "=", hashToken(goneToken)).execute();
      await guard.recheck();
      expect(alice.sent).toEqual([{ type: "access_changed" }, 4410]);
      expect(gone.sent).toEqual([{ type: "error", code: "unauthorized", message: expect.any(String) }, 4401]);
      expect(bob.sent).toEqual([]);
      expect(hub.clients.size).toBe(1);
    } finally {
      guard.stop();
      presence.stop();
      hub.stop();
    }
  });
});

async function me(token: string) {
  const res = await server.call("GET", "/v1/me", { token });
  return res.body.user;
}
