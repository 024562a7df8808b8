import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BootstrapResponse, SyncResponse } from "../../src/protocol/api";
import { positionColumn } from "../../server/events/events.repository";
import { pruneEvents, pruneExpiredEvents, pruneOldEvents } from "../../server/sync/retention";
import { startServer, type TestServer } from "../support/server";
import { headSeq, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const bootstrap = async (token: string, query = "") => {
  const res = await s.call("GET", `/v1/bootstrap${query}`, { token });
  expect(res.status).toBe(200);
  return BootstrapResponse.parse(res.body);
};
const sync = (after: number, token = w.token.alice, limit?: number) => s.call("GET", `/v1/sync?after=${after}${limit ? `&limit=${limit}` : ""}`, { token });

describe("GET /v1/bootstrap", () => {
  it("answers the user, teammates, inboxes, templates, recent conversations with their contacts, and the cursor", async () => {
    const snap = await bootstrap(w.token.alice);
    expect(snap.cursor).toBe(await headSeq(s));
    expect(snap.me).toEqual({ id: w.userId.alice, email: "alice@demo.test", name: "Alice Chen", role: "agent" });
    expect(snap.users).toHaveLength(9); // every teammate, of every location (seed/demo-locations.ts)
    expect(snap.inboxes.map((i) => i.name)).toEqual(["Main line", "Support line"]);
    expect(snap.templates).toHaveLength(5);
    expect(snap.conversations).toHaveLength(18);
    const times = snap.conversations.map((c) => c.lastMessageAt!);
    expect(times).toEqual([...times].sort().reverse());
    expect(snap.contacts.map((c) => c.id).sort()).toEqual([...new Set(snap.conversations.map((c) => c.contactId))].sort());
  });

  it("caps the conversations at limit, keeping the most recent", async () => {
    const all = await bootstrap(w.token.alice);
    const two = await bootstrap(w.token.alice, "?limit=2");
    expect(two.conversations).toEqual(all.conversations.slice(0, 2));
    expect(two.contacts).toHaveLength(2);
  });
});

describe("GET /v1/sync", () => {
  it("pages through the feed oldest first, the cursor ending at the head", async () => {
    const seqs: number[] = [];
    let after = 0;
    for (;;) {
      const res = await sync(after, w.token.admin, 40);
      expect(res.status).toBe(200);
      const page = SyncResponse.parse(res.body);
      expect(page.events.length).toBeLessThanOrEqual(40);
      seqs.push(...page.events.map((e) => e.seq));
      after = page.cursor;
      if (!page.hasMore) break;
      expect(page.cursor).toBe(page.events.at(-1)!.seq);
    }
    const head = await headSeq(s);
    expect(after).toBe(head);
    // Everything, except contacts nobody has a conversation with: their events reach no one.
    const { db } = s.app.ctx.database;
    const talkedTo = new Set((await db.selectFrom("conversation").select("contactId").execute()).map((r) => r.contactId));
    const rows = await db.selectFrom("event").select(["seq", "type", "contactId"]).orderBy("seq").execute();
    expect(seqs).toEqual(rows.filter((r) => r.type !== "contact.updated" || talkedTo.has(r.contactId!)).map((r) => Number(r.seq)));
  });

  it("answers nothing new at the head", async () => {
    const head = await headSeq(s);
    expect((await sync(head)).body).toEqual({ events: [], cursor: head, hasMore: false });
  });

  it("answers what changed after a bootstrap's cursor", async () => {
    const { cursor } = await bootstrap(w.token.alice);
    const conv = (await bootstrap(w.token.alice)).conversations[0];
    await s.call("POST", `/v1/conversations/${conv.id}/notes`, { token: w.token.alice, json: { body: "after the snapshot" } });
    const { events } = SyncResponse.parse((await sync(cursor)).body);
    expect(events.map((e) => [e.type, (e.data as { body?: string }).body])).toEqual([["note.created", "after the snapshot"]]);
  });

  it("answers 410 cursor_expired for a cursor ahead of the feed", async () => {
    const res = await sync((await headSeq(s)) + 5);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("cursor_expired");
  });

  it("refuses a limit over 1000 with 400", async () => {
    const res = await sync(0, w.token.alice, 1001);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });
});

describe("a pruned feed", () => {
  it("answers 410 cursor_expired for a cursor older than what is kept, and serves the rest", async () => {
    const server = await startServer();
    try {
      const token = await server.login("admin@demo.test");
      expect(await pruneEvents(server.app.ctx.database.db, 30)).toBe(29);
      const expired = await server.call("GET", "/v1/sync?after=0", { token });
      expect(expired.status).toBe(410);
      expect(expired.body.error).toMatchObject({ code: "cursor_expired", details: { oldestCursor: 29 } });
      expect((await server.call("GET", "/v1/sync?after=28", { token })).status).toBe(410);
      const kept = await server.call("GET", "/v1/sync?after=29&limit=1", { token });
      expect(kept.status).toBe(200);
      expect(kept.body.events.map((e: { seq: number }) => e.seq)).toEqual([30]);
    } finally {
      await server.close();
    }
  });

  it("always keeps the newest event, so the head cursor stays valid", async () => {
    const server = await startServer();
    try {
      const { db } = server.app.ctx.database;
      const head = await headSeq(server);
      await pruneEvents(db, head + 100);
      const token = await server.login("admin@demo.test");
      expect((await server.call("GET", `/v1/sync?after=${head}`, { token })).body).toEqual({ events: [], cursor: head, hasMore: false });
    } finally {
      await server.close();
    }
  });

  describe("by retention (the background job)", () => {
    const DAY = 86_400_000;
    const old = new Date(Date.now() - 100 * DAY).toISOString();
    /** Backdates the events at positions up to `upTo`, except those in `recent`. */
    const backdate = async (server: TestServer, upTo: number, recent: number[] = []) => {
      const { db } = server.app.ctx.database;
      const position = positionColumn(db);
      await db
        .updateTable("event")
        .set({ createdAt: old })
        .where(position, "<=", upTo)
        .where(position, "not in", recent.length ? recent : [-1])
        .execute();
    };

    it("deletes only the oldest run of expired events, a batch at a time, up to the first recent one", async () => {
      const server = await startServer();
      try {
        const { db } = server.app.ctx.database;
        await backdate(server, 20, [12]);
        // Small batches: each deletes at most 4, and the run stops at position 12 (recent), keeping 13–20.
        const deleted: number[] = [];
        for (let n = -1; n !== 0; ) {
          n = await pruneOldEvents(db, new Date(Date.now() - 90 * DAY).toISOString(), 4);
          deleted.push(n);
        }
        expect(deleted).toEqual([4, 4, 3, 0]);
        const token = await server.login("admin@demo.test");
        const expired = await server.call("GET", "/v1/sync?after=10", { token });
        expect(expired.status).toBe(410);
        expect(expired.body.error.details).toEqual({ oldestCursor: 11 });
        const kept = await server.call("GET", "/v1/sync?after=11&limit=2", { token });
        expect(kept.body.events.map((e: { seq: number }) => e.seq)).toEqual([12, 13]);
      } finally {
        await server.close();
      }
    });

    it("runs as the server's job with the configured retention, and keeps the newest event", async () => {
      const server = await startServer();
      try {
        const { db } = server.app.ctx.database;
        const head = await headSeq(server);
        await backdate(server, head);
        expect(await pruneExpiredEvents(db, 0)).toBe(0); // 0: kept forever
        expect(await pruneExpiredEvents(db, 200 * DAY)).toBe(0);
        expect(await pruneExpiredEvents(db, server.app.ctx.config.eventRetentionMs)).toBe(head - 1);
        const token = await server.login("admin@demo.test");
        expect((await server.call("GET", `/v1/sync?after=${head - 1}`, { token })).status).toBe(200);
        expect((await server.call("GET", `/v1/sync?after=${head - 2}`, { token })).status).toBe(410);
      } finally {
        await server.close();
      }
    });
  });
});
