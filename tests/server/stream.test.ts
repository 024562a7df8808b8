import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, startServer, waitFor, type TestServer } from "../support/server";
import { readFeed } from "../../server/events/feed";
import { scopeOf } from "../../server/locations/scope";
import { connectStream, openStream, type StreamConn } from "./support/stream-client";
import { demo, textIn, type Demo } from "./support/demo";
import { headSeq } from "./support/workspace";
import { CURSOR_EXPIRED_CLOSE, RATE_LIMITED_CLOSE } from "../../server/stream/stream.routes";

let server: TestServer;
let d: Demo;
const open: StreamConn[] = [];
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});
const track = (c: StreamConn) => {
  open.push(c);
  return c;
};
const seqs = (c: StreamConn) => c.events().map((e) => e.seq);
/** What the user may read: their inboxes, and for owners and admins every location's (locations/scope.ts). */
const readerOf = async (email: string) => {
  const { db } = server.app.ctx.database;
  const user = await db.selectFrom("user").select(["id", "role"]).where("email", "=", email).executeTakeFirstOrThrow();
  const rows = await db.selectFrom("inboxMember").select("inboxId").where("userId", "=", user.id).execute();
  return {
    inboxIds: (
      await scopeOf(
        db,
        user,
        rows.map((r) => r.inboxId),
      )
    ).inboxIds,
  };
};

describe("stream", () => {
  it("replays the backlog then streams live events with no gap, no duplicate and in seq order", async () => {
    const conn = track(await connectStream(server));
    // Customers text in while the replay is being read: each event must arrive exactly once.
    const texts = Array.from({ length: 30 }, (_, i) =>
      textIn(server, d.admin, i % 2 ? d.mainLine : d.supportLine, `+1646555${String(1000 + i)}`, `Message ${i}`),
    );
    conn.send({ type: "auth", token: d.alice, after: 0 });
    await Promise.all(texts);
    const all = await readFeed(server.app.ctx.database.db, await readerOf("alice@demo.test"), 0, 10_000);
    await waitFor("every event", () => conn.events().length >= all.events.length);
    expect(seqs(conn)).toEqual(all.events.map((e) => e.seq));
    const ready = await conn.waitForFrame("ready");
    expect(ready.userId).toBe(await d.userId("alice@demo.test"));
  });

  it("sockets joining one after another while texts flow each get every event they may read once, in order", async () => {
    // admin and alice read the same inboxes (one shared audience), bob fewer: shared frames, and the sockets
    // that go live mid-batch, must neither miss nor repeat an event.
    const who = [d.admin, d.alice, d.bob, d.alice, d.admin, d.bob, d.alice, d.bob];
    const conns: StreamConn[] = [];
    let flowing = true;
    let n = 0;
    const flow = (async () => {
      while (flowing) await textIn(server, d.admin, n % 3 ? d.mainLine : d.supportLine, `+1646556${String(1000 + (n % 50))}`, `Flow ${n++}`);
    })();
    for (const token of who) {
      const conn = track(await connectStream(server));
      conn.send({ type: "auth", token, after: 0 });
      await conn.waitForFrame("ready");
      conns.push(conn);
      const sent = n;
      await waitFor("another text while the sockets join", () => n > sent); // each join overlaps the flow
    }
    flowing = false;
    await flow;
    // A contact's events reach a reader through the conversations it may see; the feed answers that at read
    // time, the live stream at publish time (a contact first seen in Support line, then texting Main line, is
    // sent again then: see the contact test below). So compare what belongs to an inbox exactly, and check
    // that no event at all came twice or out of order.
    const inInbox = (e: { data: unknown }) => (e.data as { inboxId?: string | null }).inboxId != null;
    for (const [i, conn] of conns.entries()) {
      const email = who[i] === d.admin ? "admin@demo.test" : who[i] === d.alice ? "alice@demo.test" : "bob@demo.test";
      const expected = (await readFeed(server.app.ctx.database.db, await readerOf(email), 0, 100_000)).events.filter(inInbox).map((e) => e.seq);
      await waitFor(`socket ${i} caught up`, () => conn.events().filter(inInbox).length >= expected.length);
      expect(
        conn
          .events()
          .filter(inInbox)
          .map((e) => e.seq),
      ).toEqual(expected);
      const all = seqs(conn);
      expect(all.every((seq, k) => k === 0 || seq > all[k - 1])).toBe(true);
    }
  });

  it("replays only what comes after the given cursor, and says where it reached", async () => {
    const head = (await readFeed(server.app.ctx.database.db, await readerOf("alice@demo.test"), 0, 10_000)).cursor;
    const conn = track(await openStream(server, d.alice, head));
    expect(conn.events()).toEqual([]);
    expect((await conn.waitForFrame("ready")).cursor).toBe(head);
    const message = await textIn(server, d.admin, d.mainLine, "+16465552000", "After the cursor");
    await waitFor("the live message", () => conn.events().find((e) => e.type === "message.created" && e.data.id === message.id));
    expect(Math.min(...seqs(conn))).toBeGreaterThan(head);
  });

  it("refuses a bad token with an unauthorized error frame and closes", async () => {
    const conn = track(await connectStream(server));
    conn.send({ type: "auth", token: "stx_not-a-token" });
    const closed = await conn.closed;
    expect(conn.frames).toEqual([{ type: "error", code: "unauthorized", message: expect.any(String) }]);
    expect(closed.code).toBe(4401);
  });

  it("refuses any frame but auth first, and a frame that is not JSON", async () => {
    const early = track(await connectStream(server));
    early.send({ type: "presence", conversationId: "conv_x", state: "viewing" });
    expect((await early.closed).code).toBe(4401);
    expect(early.frames[0]).toMatchObject({ type: "error", code: "unauthorized" });
    const garbage = track(await connectStream(server));
    garbage.socket.send("{not json");
    await garbage.closed;
    expect(garbage.frames[0]).toMatchObject({ type: "error", code: "validation_failed" });
  });

  it("answers ping with pong", async () => {
    const conn = track(await openStream(server, d.bob, 1_000_000));
    conn.send({ type: "ping" });
    await conn.waitForFrame("pong");
  });

  it("never sends bob anything of Support line, in the replay or live", async () => {
    const conn = track(await openStream(server, d.bob, 0));
    const support = await textIn(server, d.admin, d.supportLine, "+16465553000", "Support only");
    const main = await textIn(server, d.admin, d.mainLine, "+16465553001", "Main line");
    await waitFor("bob's main line message", () => conn.events().find((e) => e.type === "message.created" && e.data.id === main.id));
    await new Promise((r) => setTimeout(r, 100));
    const events = conn.events();
    expect(events.length).toBeGreaterThan(10);
    const db = server.app.ctx.database.db;
    const supportOnlyContacts = new Set(
      (
        await db
          .selectFrom("contact")
          .select("id")
          .where("id", "not in", db.selectFrom("conversation").select("contactId").where("inboxId", "=", d.mainLine))
          .execute()
      ).map((r) => r.id),
    );
    for (const e of events) {
      const data = e.data as { inboxId?: string | null; id: string };
      expect(data.inboxId).not.toBe(d.supportLine);
      if (e.type === "contact.updated") expect(supportOnlyContacts.has(data.id)).toBe(false);
    }
    expect(events.some((e) => e.type === "message.created" && e.data.id === support.id)).toBe(false);
  });
});

describe("stream, a known contact texting another inbox", () => {
  it("sends bob the contact when a Support line contact first texts Main line", async () => {
    await textIn(server, d.admin, d.supportLine, "+16465554000", "Support first");
    const conn = track(await openStream(server, d.bob, 1_000_000_000));
    const main = await textIn(server, d.admin, d.mainLine, "+16465554000", "Now the main line");
    await waitFor("the conversation", () => conn.events().find((e) => e.type === "conversation.created" && e.data.id === main.conversationId));
    const contact = conn.events().find((e) => e.type === "contact.updated" && e.data.id === main.contactId);
    expect(contact?.data).toMatchObject({ phoneNumber: "+16465554000" });
  });
});

describe("stream refusals", () => {
  it("refuses a cursor ahead of the feed as /v1/sync does (410 there): cursor_expired, close 4411, no ready", async () => {
    expect((await server.call("GET", "/v1/sync?after=99999999", { token: d.bob })).status).toBe(410);
    const conn = track(await connectStream(server));
    conn.send({ type: "auth", token: d.bob, after: 99999999 });
    const closed = await conn.closed;
    expect(closed).toEqual({ code: CURSOR_EXPIRED_CLOSE, reason: "cursor_expired" });
    expect(conn.frames).toEqual([{ type: "error", code: "cursor_expired", message: expect.stringMatching(/bootstrap again/) }]);
  });

  it("accepts the head itself as a cursor", async () => {
    const conn = track(await connectStream(server));
    conn.send({ type: "auth", token: d.bob, after: await headSeq(server) });
    await conn.waitForFrame("ready");
  });

  it("closes a socket that sends presence for too many conversations before its sign-in finished", async () => {
    const conn = track(await connectStream(server));
    // A slow database (its one connection held a moment): the sign-in waits, the frames below arrive meanwhile.
    const busy = server.app.ctx.database.db.connection().execute(() => sleep(500));
    conn.send({ type: "auth", token: d.bob, after: 0 });
    for (let i = 0; i < 25; i++) conn.send({ type: "presence", conversationId: `conv_${i}`, state: "viewing" });
    expect((await conn.closed).code).toBe(RATE_LIMITED_CLOSE);
    await busy;
    expect(conn.frames.some((f) => f.type === "ready")).toBe(false);
  });
});

describe("stream, sockets waiting to sign in", () => {
  it("holds at most streamPreAuthPerAddress unsigned sockets per address; a signed-in one frees its place", async () => {
    const small = await startServer({ streamPreAuthPerAddress: 3 });
    try {
      const waiting = await Promise.all([1, 2, 3].map(() => connectStream(small)));
      const fourth = await connectStream(small);
      expect((await fourth.closed).code).toBe(RATE_LIMITED_CLOSE);
      expect(fourth.frames).toEqual([{ type: "error", code: "rate_limited", message: expect.any(String) }]);
      waiting[0].send({ type: "auth", token: await small.login("bob@demo.test"), after: await headSeq(small) });
      await waiting[0].waitForFrame("ready");
      const fifth = await connectStream(small);
      fifth.send({ type: "ping" });
      await fifth.waitForFrame("pong");
      await Promise.all([...waiting, fifth].map((c) => c.close()));
    } finally {
      await small.close();
    }
  });
});
