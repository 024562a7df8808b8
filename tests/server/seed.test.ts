import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { SidetextEvent } from "../../src/protocol/events";
import { toEvent } from "../../server/events/events.repository";

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

const counts = async (s: TestServer) => {
  const { db } = s.app.ctx.database;
  const count = async (table: "user" | "inbox" | "contact" | "conversation" | "message" | "note" | "template" | "event") =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return {
    users: await count("user"),
    inboxes: await count("inbox"),
    contacts: await count("contact"),
    conversations: await count("conversation"),
    messages: await count("message"),
    notes: await count("note"),
    templates: await count("template"),
    events: await count("event"),
  };
};

/** The demo history's contacts (server/seed/demo-history.ts), left out where a test counts the hand-written threads. */
const historyContacts = async (s: TestServer) => {
  const { db } = s.app.ctx.database;
  return (await db.selectFrom("contact").select("id").where("phoneNumber", "like", "+1628555%").execute()).map((r) => r.id);
};
/** For `in`/`not in`: never an empty list, which PostgreSQL refuses (a server seeded without the history has none). */
const listOf = (ids: string[]) => (ids.length > 0 ? ids : ["ct_none"]);

describe("demo seed", () => {
  it("writes the demo workspace once: a second start on the same database adds nothing", async () => {
    const first = await startServer({ seedHistory: true });
    servers.push(first);
    const before = await counts(first);
    // With the demo organisation's Uptown and Airport (demo-locations.ts) and a month of history (demo-history.ts: its contacts are +1628555….).
    expect({ ...before, contacts: before.contacts - (await historyContacts(first)).length }).toMatchObject({
      users: 9,
      inboxes: 4,
      contacts: 24,
      templates: 5,
    });
    expect(before.conversations).toBeGreaterThanOrEqual(15);
    await first.close();
    servers = [];

    const second = await startServer({ seedHistory: true }, first.dbFile);
    servers.push(second);
    expect(await counts(second)).toEqual(before);
  });

  it("records every seeded row in the feed, so replaying from 0 rebuilds it", async () => {
    const s = await startServer();
    servers.push(s);
    const { db } = s.app.ctx.database;
    const c = await counts(s);
    const history = await historyContacts(s);
    const byType = await db
      .selectFrom("event")
      .select(["type", db.fn.countAll().as("n")])
      .where((eb) => eb.or([eb("contactId", "is", null), eb("contactId", "not in", listOf(history))]))
      .groupBy("type")
      .execute();
    const n = Object.fromEntries(byType.map((r) => [r.type, Number(r.n)]));
    const historyRows = async (table: "conversation" | "message") =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as("n")).where("contactId", "in", listOf(history)).executeTakeFirstOrThrow()).n);
    expect(n).toEqual({
      "contact.updated": c.contacts - history.length,
      "conversation.created": c.conversations - (await historyRows("conversation")),
      "message.created": c.messages - (await historyRows("message")),
      "note.created": c.notes,
      "template.created": c.templates,
    });
  });

  it("writes events that match the wire contract, with threads in every state", async () => {
    const s = await startServer();
    servers.push(s);
    const { db } = s.app.ctx.database;
    const rows = await db.selectFrom("event").selectAll().orderBy("seq").execute();
    for (const row of rows) SidetextEvent.parse(toEvent(row));
    const statuses = new Set((await db.selectFrom("conversation").select("status").execute()).map((r) => r.status));
    expect([...statuses].sort()).toEqual(["open", "pending", "resolved", "snoozed"]);
    const history = await historyContacts(s);
    const failed = await db.selectFrom("message").selectAll().where("status", "=", "failed").where("contactId", "not in", listOf(history)).execute();
    expect(failed).toHaveLength(1);
    expect(failed[0].errorReason).toBeTruthy();
    const optedOut = await db.selectFrom("contact").selectAll().where("optedOutAt", "is not", null).where("id", "not in", listOf(history)).execute();
    expect(optedOut).toHaveLength(1);
    expect(await db.selectFrom("message").select("body").where("id", "=", optedOut[0].optOutMessageId!).executeTakeFirst()).toEqual({ body: "STOP" });
  });
});
