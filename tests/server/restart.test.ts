import { afterEach, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { inTransaction } from "../../server/events/transaction";
import { insertMessage } from "../../server/messages/messages.repository";
import { INTERRUPTED_REASON } from "../../server/delivery/interrupted-sends";
import { demo, textIn } from "./support/demo";

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close().catch(() => {});
  servers = [];
});

async function syncAll(server: TestServer, token: string, after: number) {
  const events: Array<{ seq: number; type: string; data: { id: string; status?: string } }> = [];
  for (let cursor = after; ; ) {
    const res = await server.call("GET", `/v1/sync?after=${cursor}&limit=500`, { token });
    expect(res.status).toBe(200);
    events.push(...res.body.events);
    cursor = res.body.cursor;
    if (!res.body.hasMore) return { events, cursor };
  }
}

/** Stores an outbound message as the API would, in one transaction with its event, with a chosen outbox state. */
async function storeOutbound(server: TestServer, phone: string, outbox: { status: "queued" | "sending"; nextAttemptAt: string | null }) {
  const ctx = server.app.ctx;
  const conv = await ctx.database.db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .select(["conversation.id", "conversation.inboxId", "conversation.contactId"])
    .where("contact.phoneNumber", "=", phone)
    .executeTakeFirstOrThrow();
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const message = await insertMessage(tx.db, {
      conversationId: conv.id,
      inboxId: conv.inboxId,
      contactId: conv.contactId,
      direction: "outbound",
      body: `Left ${outbox.status}`,
      media: [],
      status: outbox.status,
      authorId: null,
      clientId: null,
    });
    await tx.db.updateTable("message").set({ nextAttemptAt: outbox.nextAttemptAt }).where("id", "=", message.id).execute();
    await tx.emit("message.created", message, { action: "created" });
    return message;
  });
}

describe("restart on the same database", () => {
  it("loses nothing: the sync cursor continues and a message queued before the stop is sent after the start", async () => {
    const first = await startServer();
    servers.push(first);
    const d = await demo(first);
    await textIn(first, d.alice, d.mainLine, "+15165550170", "Before the restart");
    const { cursor } = await syncAll(first, d.alice, 0);
    // Due in a moment: the first server closes before its worker may take it.
    const queued = await storeOutbound(first, "+15165550170", { status: "queued", nextAttemptAt: new Date(Date.now() + 1500).toISOString() });
    const counts = async (s: TestServer) =>
      Number(
        (
          await s.app.ctx.database.db
            .selectFrom("message")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const messagesBefore = await counts(first);
    await first.close();

    const second = await startServer({}, first.dbFile);
    servers.push(second);
    expect(await counts(second)).toBe(messagesBefore);
    const row = () => second.app.ctx.database.db.selectFrom("message").selectAll().where("id", "=", queued.id).executeTakeFirstOrThrow();
    await waitFor("the queued message delivered", async () => (await row()).status === "delivered", 5000);
    expect((await row()).sendAttempts).toBe(1);

    // The old token and cursor still work: exactly the events since, each once, in order.
    const since = await syncAll(second, d.alice, cursor);
    expect(since.events.every((e) => e.seq > cursor)).toBe(true);
    const statuses = since.events.filter((e) => e.data.id === queued.id).map((e) => e.data.status);
    expect(statuses).toEqual(["queued", "sending", "sent", "delivered"]);
    expect(new Set(since.events.map((e) => e.seq)).size).toBe(since.events.length);
  });

  it("fails a message that was being sent when the server stopped, instead of risking a second text", async () => {
    const first = await startServer();
    servers.push(first);
    const d = await demo(first);
    await textIn(first, d.alice, d.mainLine, "+15165550171", "Hello");
    const inFlight = await storeOutbound(first, "+15165550171", { status: "sending", nextAttemptAt: null });
    await first.close();

    const second = await startServer({}, first.dbFile);
    servers.push(second);
    const row = await waitFor("the interrupted send failed", async () => {
      const r = await second.app.ctx.database.db.selectFrom("message").selectAll().where("id", "=", inFlight.id).executeTakeFirstOrThrow();
      return r.status === "failed" ? r : null;
    });
    expect(row).toMatchObject({ errorCode: "interrupted", errorReason: INTERRUPTED_REASON, carrierMessageId: null, sendAttempts: 0 });
  });
});

describe("durable commits (SQLite)", () => {
  it("commits with synchronous=FULL on the connection that stores webhooks and sends, so an OS crash keeps what was answered", async (t) => {
    const server = await startServer();
    servers.push(server);
    const { sqlite } = server.app.ctx.database;
    if (!sqlite) return t.skip(); // PostgreSQL pass: fsync is the server's own setting
    // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA); WAL stays on for concurrent readers.
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    // And a commit through that same connection (the group commit's) still works under it.
    const { mainLine, alice } = await demo(server);
    await textIn(server, alice, mainLine, "+14155550999", "still durable");
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
  });
});
