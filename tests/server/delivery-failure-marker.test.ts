// The conversation's delivery failure marker (Conversation.lastDeliveryFailureAt): every teammate's list
// shows that a text to this contact did not get through, until a later one does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportStatus } from "../../server/delivery/report-status";
import { startServer, waitFor, type TestServer } from "../support/server";
import { demo, eventsOf, textIn, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

let clientIds = 0;
async function conversationOf(phone: string): Promise<string> {
  await textIn(server, d.alice, d.mainLine, phone, "Hello?");
  const row = await server.app.ctx.database.db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .select("conversation.id")
    .where("contact.phoneNumber", "=", phone)
    .where("conversation.inboxId", "=", d.mainLine)
    .executeTakeFirstOrThrow();
  return row.id;
}
async function send(conversationId: string, body: string) {
  const res = await server.call("POST", `/v1/conversations/${conversationId}/messages`, { token: d.alice, json: { body, clientId: `marker-${++clientIds}` } });
  expect(res.status).toBe(201);
  return res.body.message as { id: string; createdAt: string };
}
const messageRow = (id: string) => server.app.ctx.database.db.selectFrom("message").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const marker = async (conversationId: string) =>
  (await server.call("GET", `/v1/conversations/${conversationId}`, { token: d.alice })).body.conversation.lastDeliveryFailureAt as string | null;
const endsAs = (id: string, status: string) => waitFor(status, async () => (await messageRow(id)).status === status, 3000);

describe("delivery failure marker on the conversation", () => {
  it("a new conversation has none", async () => {
    expect(await marker(await conversationOf("+17185550161"))).toBeNull();
  });

  it("is set when an outbound text fails, with a conversation.updated right after its message.updated (one transaction)", async () => {
    const id = await conversationOf("+17185550162");
    const failed = await send(id, "This one will bounce #fail");
    await endsAs(failed.id, "failed");
    expect(await marker(id)).toBe(failed.createdAt);
    const events = await eventsOf(server);
    const at = events.findIndex((e) => e.type === "message.updated" && e.data.id === failed.id && e.data.status === "failed");
    expect(events[at + 1]).toMatchObject({ type: "conversation.updated", data: { id, lastDeliveryFailureAt: failed.createdAt } });
    expect(events[at + 1].seq).toBe(events[at].seq + 1);
  });

  it("is cleared when a later outbound text is delivered", async () => {
    const id = await conversationOf("+17185550163");
    const failed = await send(id, "Bounce #fail");
    await endsAs(failed.id, "failed");
    const ok = await send(id, "Trying again");
    await endsAs(ok.id, "delivered");
    expect(await marker(id)).toBeNull();
    const last = (await eventsOf(server, "conversation.updated")).filter((e) => e.data.id === id).at(-1);
    expect(last?.data.lastDeliveryFailureAt).toBeNull();
  });

  it("stays when a late receipt delivers a text older than the failure", async () => {
    const id = await conversationOf("+17185550164");
    const older = await send(id, "Sent first");
    await endsAs(older.id, "delivered");
    const failed = await send(id, "Then this bounced #fail");
    await endsAs(failed.id, "failed");
    const { db } = server.app.ctx.database;
    await db.updateTable("message").set({ status: "sent", carrierMessageId: "SMlate1" }).where("id", "=", older.id).execute();
    expect(await reportStatus(server.app.ctx, { inboxId: d.mainLine, carrierMessageId: "SMlate1", status: "delivered" })).toBe(true);
    expect(await marker(id)).toBe(failed.createdAt);
  });
});
