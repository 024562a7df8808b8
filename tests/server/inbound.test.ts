import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { receiveInbound } from "../../server/messages/receive-inbound";
import { demo, eventsOf, textIn, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

const db = () => server.app.ctx.database.db;
const conversationOf = async (inboxId: string, phone: string) =>
  db()
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .select(["conversation.id", "conversation.status", "conversation.snoozedUntil", "conversation.preview", "conversation.lastInboundAt"])
    .where("conversation.inboxId", "=", inboxId)
    .where("contact.phoneNumber", "=", phone)
    .executeTakeFirst();

describe("inbound messages", () => {
  it("stores a text from a new number with its contact, conversation and one event each", async () => {
    const before = (await eventsOf(server)).length;
    const message = await textIn(server, d.alice, d.mainLine, "(212) 555-0199", "Hi, is the shop open on Sunday?");
    expect(message).toMatchObject({ direction: "inbound", status: "received", body: "Hi, is the shop open on Sunday?", authorId: null });
    const events = (await eventsOf(server)).slice(before);
    expect(events.map((e) => [e.type, e.action])).toEqual([
      ["contact.updated", "created"],
      ["message.created", "created"],
      ["conversation.created", "created"],
    ]);
    expect(events[0].data.phoneNumber).toBe("+12125550199");
    expect(events[2].data).toMatchObject({
      status: "open",
      preview: "Hi, is the shop open on Sunday?",
      lastInboundAt: message.createdAt,
      lastMessageAt: message.createdAt,
    });
  });

  it("stores a carrier's retried webhook (same carrierMessageId) once and writes nothing the second time", async () => {
    const sms = { inboxId: d.mainLine, from: "+13125550101", body: "Retried", media: [], carrierMessageId: "SMretry1" };
    const first = await receiveInbound(server.app.ctx, sms);
    const eventCount = (await eventsOf(server)).length;
    const second = await receiveInbound(server.app.ctx, sms);
    expect(second).toEqual({ message: first.message, duplicate: true });
    expect((await eventsOf(server)).length).toBe(eventCount);
    const rows = await db().selectFrom("message").select("id").where("carrierMessageId", "=", "SMretry1").execute();
    expect(rows).toHaveLength(1);
  });

  it.each(["resolved", "snoozed"])('reopens a %s conversation with a "reopened" event', async (status) => {
    const phone = status === "resolved" ? "+13125550102" : "+13125550103";
    await textIn(server, d.alice, d.mainLine, phone, "First");
    const conv = (await conversationOf(d.mainLine, phone))!;
    const snoozedUntil = status === "snoozed" ? new Date(Date.now() + 86_400_000).toISOString() : null;
    await db().updateTable("conversation").set({ status, snoozedUntil }).where("id", "=", conv.id).execute();
    await textIn(server, d.alice, d.mainLine, phone, "Me again");
    expect(await conversationOf(d.mainLine, phone)).toMatchObject({ status: "open", snoozedUntil: null, preview: "Me again" });
    const last = (await eventsOf(server, "conversation.updated")).at(-1)!;
    expect(last).toMatchObject({ action: "reopened", conversationId: conv.id });
  });

  it("answers 400 for a from that is not a phone number and 404 for an inbox the user is not a member of", async () => {
    const bad = await server.call("POST", "/v1/simulator/inbound", { token: d.alice, json: { inboxId: d.mainLine, from: "not a number", body: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    const hidden = await server.call("POST", "/v1/simulator/inbound", { token: d.bob, json: { inboxId: d.supportLine, from: "+13125550104", body: "x" } });
    expect(hidden.status).toBe(404);
    const unknownField = await server.call("POST", "/v1/simulator/inbound", {
      token: d.alice,
      json: { inboxId: d.mainLine, from: "+13125550104", body: "x", extra: 1 },
    });
    expect(unknownField.status).toBe(400);
    expect(await conversationOf(d.mainLine, "+13125550104")).toBeUndefined();
  });
});

describe("inbound on the portable store (Kysely, as on PostgreSQL)", () => {
  it("stores, opts out and answers HELP exactly like the SQLite fast path", async () => {
    // The same server with the raw SQLite handle hidden: receiveInbound takes the Kysely path.
    const ctx = { ...server.app.ctx, database: { ...server.app.ctx.database, sqlite: null } };
    const sms = (body: string, id: string) => ({ inboxId: d.supportLine, from: "+13125550105", body, media: [], carrierMessageId: id });
    const first = await receiveInbound(ctx, sms("Hello from Postgres land", "SMk1"));
    expect(first.duplicate).toBe(false);
    expect((await receiveInbound(ctx, sms("Hello from Postgres land", "SMk1"))).duplicate).toBe(true);
    const stop = await receiveInbound(ctx, sms("stop", "SMk2"));
    await receiveInbound(ctx, sms("HELP", "SMk3"));
    const contact = await db().selectFrom("contact").selectAll().where("phoneNumber", "=", "+13125550105").executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ optOutMessageId: stop.message.id });
    const outbound = await db()
      .selectFrom("message")
      .select(["body", "authorId"])
      .where("contactId", "=", contact.id)
      .where("direction", "=", "outbound")
      .execute();
    expect(outbound).toHaveLength(1);
    const events = (await eventsOf(server)).filter((e) => e.contactId === contact.id).map((e) => `${e.type}:${e.action}`);
    // (The delivery worker's message.updated events for the HELP reply may follow.)
    expect(events.slice(0, 9)).toEqual([
      "contact.updated:created",
      "message.created:created",
      "conversation.created:created",
      "message.created:created",
      "contact.updated:opted_out",
      "conversation.updated:null",
      "message.created:created",
      "message.created:created",
      "conversation.updated:null",
    ]);
  });
});

describe("inbound messages arriving together", () => {
  it("commits a burst together, and a failing message fails alone", async () => {
    const ctx = server.app.ctx;
    const before = (await eventsOf(server)).length;
    const burst = Array.from({ length: 12 }, (_, i) =>
      receiveInbound(ctx, {
        inboxId: i === 5 ? "inb_missing" : d.mainLine,
        from: `+1332555${String(1000 + i)}`,
        body: `Burst ${i}`,
        media: [],
        carrierMessageId: `SMburst${i}`,
      }),
    );
    const results = await Promise.allSettled(burst);
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 5 ? "rejected" : "fulfilled")));
    expect((results[5] as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
    const events = (await eventsOf(server)).slice(before);
    // (The delivery worker may still be moving the earlier HELP reply along: message.updated.)
    expect(events.filter((e) => e.type !== "message.updated")).toHaveLength(11 * 3);
    // Gap-free: the failed message's rolled-back rows left no hole in the feed.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => events[0].seq + i));
    expect(await db().selectFrom("contact").select("id").where("phoneNumber", "=", "+13325551005").executeTakeFirst()).toBeUndefined();
  });
});
