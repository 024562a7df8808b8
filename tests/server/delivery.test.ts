import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { reportStatus } from "../../server/delivery/report-status";
import { SIMULATED_FAILURE } from "../../server/carriers/simulator";
import { inTransaction } from "../../server/events/transaction";
import { insertMessage } from "../../server/messages/messages.repository";
import { demo, eventsOf, textIn, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

let clientIds = 0;
async function send(body: string, phone = "+17185550150") {
  await textIn(server, d.alice, d.mainLine, phone, "Hello?");
  const conv = await server.app.ctx.database.db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .select("conversation.id")
    .where("contact.phoneNumber", "=", phone)
    .where("conversation.inboxId", "=", d.mainLine)
    .executeTakeFirstOrThrow();
  const res = await server.call("POST", `/v1/conversations/${conv.id}/messages`, { token: d.alice, json: { body, clientId: `delivery-${++clientIds}` } });
  expect(res.status).toBe(201);
  return res.body.message as { id: string; status: string };
}
const statusesOf = async (messageId: string) =>
  (await eventsOf(server)).filter((e) => e.type.startsWith("message.") && e.data.id === messageId).map((e) => e.data.status);
/** The message's statuses in the feed once its last one is `final`: on PostgreSQL the sequencer numbers the
 *  event a moment after the row's commit, so the row can say "delivered" before the feed has it. */
const feedStatusesUntil = (messageId: string, final: string) =>
  waitFor(`the feed's ${final}`, async () => {
    const statuses = await statusesOf(messageId);
    return statuses.at(-1) === final ? statuses : null;
  });
const messageRow = (id: string) => server.app.ctx.database.db.selectFrom("message").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("delivery through the simulator", () => {
  it("moves an outbound message queued → sending → sent → delivered, one event per step", async () => {
    const message = await send("Your order is ready for pickup");
    expect(message.status).toBe("queued");
    await waitFor("delivered", async () => (await messageRow(message.id)).status === "delivered", 3000);
    expect(await feedStatusesUntil(message.id, "delivered")).toEqual(["queued", "sending", "sent", "delivered"]);
    const row = await messageRow(message.id);
    expect(row.carrierMessageId).toMatch(/^SM/);
    expect(row.sendAttempts).toBe(1);
  });

  it("ends a body containing #fail as failed with the carrier's code and a reason a rep can read", async () => {
    const message = await send("This one will bounce #fail");
    await waitFor("failed", async () => (await messageRow(message.id)).status === "failed", 3000);
    expect(await messageRow(message.id)).toMatchObject({ errorCode: SIMULATED_FAILURE.errorCode, errorReason: SIMULATED_FAILURE.errorReason });
    expect(await feedStatusesUntil(message.id, "failed")).toEqual(["queued", "sending", "sent", "failed"]);
  });
});

describe("delivery receipts", () => {
  it("never moves a status backwards: late, repeated and out-of-order receipts are ignored without an event", async () => {
    const message = await send("Receipts arrive in any order");
    await waitFor("delivered", async () => (await messageRow(message.id)).status === "delivered", 3000);
    const { carrierMessageId } = await messageRow(message.id);
    const before = (await eventsOf(server)).length;
    const report = (status: "sent" | "delivered" | "failed" | "sending") =>
      reportStatus(server.app.ctx, { inboxId: d.mainLine, carrierMessageId: carrierMessageId!, status });
    expect(await report("sent")).toBe(false);
    expect(await report("delivered")).toBe(false);
    expect(await report("failed")).toBe(false);
    expect(await report("sending")).toBe(false);
    expect((await eventsOf(server)).length).toBe(before);
    expect((await messageRow(message.id)).status).toBe("delivered");
  });

  it("applies a receipt that moves forward, skipping steps it never saw", async () => {
    const { db } = server.app.ctx.database;
    const message = await send("Skips straight to delivered");
    await waitFor("delivered", async () => (await messageRow(message.id)).status === "delivered", 3000);
    await db.updateTable("message").set({ status: "sent", carrierMessageId: "SMmanual1" }).where("id", "=", message.id).execute();
    expect(await reportStatus(server.app.ctx, { inboxId: d.mainLine, carrierMessageId: "SMmanual1", status: "undelivered", errorCode: "30005" })).toBe(true);
    expect(await messageRow(message.id)).toMatchObject({ status: "undelivered", errorCode: "30005", errorReason: expect.any(String) });
    expect(await reportStatus(server.app.ctx, { inboxId: d.mainLine, carrierMessageId: "SMunknown", status: "delivered" })).toBe(false);
  });

  it("flags a sent message with no receipt for too long as deliveryOverdue, once", async () => {
    const { db } = server.app.ctx.database;
    const message = await send("Nobody answers for this one");
    await waitFor("delivered", async () => (await messageRow(message.id)).status === "delivered", 3000);
    const longAgo = new Date(Date.now() - server.config.deliveryOverdueMs - 1000).toISOString();
    await db.updateTable("message").set({ status: "sent", updatedAt: longAgo }).where("id", "=", message.id).execute();
    await waitFor("overdue flag", async () => (await messageRow(message.id)).deliveryOverdue === 1);
    await new Promise((r) => setTimeout(r, 150));
    const flagged = (await eventsOf(server, "message.updated")).filter((e) => e.data.id === message.id && e.data.deliveryOverdue);
    expect(flagged).toHaveLength(1);
  });

  it("does not send a message that was queued before the customer texted STOP", async () => {
    const ctx = server.app.ctx;
    await textIn(server, d.alice, d.mainLine, "+17185550151", "Hi");
    const conv = await ctx.database.db
      .selectFrom("conversation")
      .innerJoin("contact", "contact.id", "conversation.contactId")
      .select(["conversation.id", "conversation.contactId"])
      .where("contact.phoneNumber", "=", "+17185550151")
      .executeTakeFirstOrThrow();
    const authorId = await d.userId("alice@demo.test");
    // Queued and opted out in one transaction, so the worker sees both at once (the API refuses this send).
    const queued = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
      await tx.db.updateTable("contact").set({ optedOutAt: new Date().toISOString() }).where("id", "=", conv.contactId).execute();
      return insertMessage(tx.db, {
        conversationId: conv.id,
        inboxId: d.mainLine,
        contactId: conv.contactId,
        direction: "outbound",
        body: "Too late",
        media: [],
        status: "queued",
        authorId,
        clientId: null,
      });
    });
    ctx.nudgeDelivery();
    await waitFor("failed", async () => (await messageRow(queued.id)).status === "failed", 3000);
    expect(await messageRow(queued.id)).toMatchObject({ errorCode: "opted_out", carrierMessageId: null });
  });

  it("applies a receipt that overtook the carrier's answer once the carrier id is stored", async () => {
    const { db } = server.app.ctx.database;
    const message = await send("Receipt before the answer");
    await waitFor("delivered", async () => (await messageRow(message.id)).status === "delivered", 3000);
    await db.updateTable("message").set({ status: "sending", carrierMessageId: null }).where("id", "=", message.id).execute();
    expect(await reportStatus(server.app.ctx, { inboxId: d.mainLine, carrierMessageId: "SMearly1", status: "delivered" })).toBe(false);
    await db.updateTable("message").set({ status: "sent", carrierMessageId: "SMearly1" }).where("id", "=", message.id).execute();
    await waitFor("the early receipt applied", async () => (await messageRow(message.id)).status === "delivered", 3000);
  });
});
