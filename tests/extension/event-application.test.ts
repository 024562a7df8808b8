// Applying feed events to the cache: idempotent, order-proof, statuses only forward (invariants 2 and 5).
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SidetextDb } from "../../src/db/schema";
import { applyBatch } from "../../src/sync/apply";
import { batchFromEvents, batchOf } from "../../src/sync/batch";
import { cacheState } from "../support/cache-state";
import { FakeInbox, me } from "../support/fake-inbox";

let db: SidetextDb;
let inbox: FakeInbox;
beforeEach(() => {
  db = new SidetextDb(`test-${crypto.randomUUID()}`);
  inbox = new FakeInbox();
});
afterEach(() => db.delete());

const apply = (events = inbox.events) => applyBatch(db, batchFromEvents(events), me.id);

describe("event application", () => {
  it("applying the same events twice changes nothing", async () => {
    const c = inbox.addConversation(1, { unread: true });
    inbox.inbound(c.id, "Hello?");
    await apply();
    const once = await cacheState(db);
    await apply();
    await apply(inbox.events.slice(1, 3));
    expect(await cacheState(db)).toEqual(once);
    expect(await db.getMeta("cursor")).toBe(inbox.head);
  });

  it("an older conversation event arriving after a newer one is ignored", async () => {
    const c = inbox.addConversation(1);
    const resolved = inbox.updateConversation(c.id, { status: "resolved" }, "resolved");
    const older = inbox.events.at(-2)!;
    await apply(inbox.events.slice(-1));
    await apply([older]);
    expect((await db.conversations.get(c.id))?.status).toBe(resolved.status);
  });

  it("keeps the newest version when one batch holds several", async () => {
    const c = inbox.addConversation(1);
    inbox.updateConversation(c.id, { status: "pending" }, "pending");
    inbox.updateConversation(c.id, { status: "resolved" }, "resolved");
    await apply([...inbox.events].reverse());
    expect((await db.conversations.get(c.id))?.status).toBe("resolved");
  });

  it("a message status never moves back, whatever the delivery order", async () => {
    const c = inbox.addConversation(1);
    const m = inbox.newMessage(c, { status: "queued" });
    inbox.messages.set(m.id, m);
    inbox.emit("message.created", m, "created");
    const sent = inbox.setStatus(m.id, "sent");
    inbox.setStatus(m.id, "delivered");
    await apply(inbox.events.filter((e) => e !== sent));
    await apply([sent]);
    expect((await db.messages.get(m.id))?.status).toBe("delivered");
    // A REST page fetched before the receipt must not undo it either.
    const stale = { ...m, status: "sent" as const, updatedAt: sent.createdAt };
    await applyBatch(db, batchOf({ messages: [stale] }), me.id);
    expect((await db.messages.get(m.id))?.status).toBe("delivered");
  });

  it("a REST answer newer than the cached row replaces it; an older one does not", async () => {
    const c = inbox.addConversation(1);
    await apply();
    const newer = { ...c, status: "pending" as const, updatedAt: new Date(Date.parse(c.updatedAt) + 5000).toISOString() };
    await applyBatch(db, batchOf({ conversations: [newer] }), me.id);
    expect((await db.conversations.get(c.id))?.status).toBe("pending");
    await applyBatch(db, batchOf({ conversations: [c] }), me.id);
    expect((await db.conversations.get(c.id))?.status).toBe("pending");
  });

  it("the cursor never moves back", async () => {
    inbox.addConversation(1);
    inbox.addConversation(2);
    await apply();
    await apply(inbox.events.slice(0, 1));
    expect(await db.getMeta("cursor")).toBe(inbox.head);
  });

  it("marks conversations that need my attention: unread and mine or unassigned", async () => {
    inbox.addConversation(1, { unread: true });
    inbox.addConversation(2, { unread: true, assigneeId: "usr_bob" });
    inbox.addConversation(3, { unread: true, assigneeId: me.id });
    const read = inbox.addConversation(4, { unread: true });
    inbox.updateConversation(read.id, { readBy: { [me.id]: new Date(Date.parse(read.lastInboundAt!) + 1).toISOString() } }, "read");
    inbox.addConversation(5);
    await apply();
    const attention = await db.conversations.where("attention").equals(1).primaryKeys();
    expect(attention.sort()).toEqual(["cv_1", "cv_3"]);
  });

  it("reports only inbound messages the cache did not hold", async () => {
    const c = inbox.addConversation(1);
    const first = inbox.inbound(c.id, "one");
    expect((await apply()).newInbound.map((m) => m.id)).toEqual([first.id]);
    const second = inbox.inbound(c.id, "two");
    expect((await apply()).newInbound.map((m) => m.id)).toEqual([second.id]);
  });

  it("a message carrying an outbox clientId completes that outbox item", async () => {
    const c = inbox.addConversation(1);
    await db.outbox.add({
      clientId: "cl-1",
      kind: "reply",
      conversationId: c.id,
      inboxId: c.inboxId,
      to: null,
      body: "hi",
      mediaUrls: [],
      state: "sending",
      error: null,
      attempts: 0,
      createdAt: new Date().toISOString(),
      nextAttemptAt: 0,
    });
    const m = inbox.newMessage(c, { body: "hi", clientId: "cl-1" });
    inbox.emit("message.created", m, "created");
    await apply();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.messages.get(m.id))?.clientId).toBe("cl-1");
  });

  it("turns triage changes and opt-outs into timeline activity lines, as the server's timeline does", async () => {
    const c = inbox.addConversation(1);
    inbox.updateConversation(c.id, { assigneeId: me.id }, "assigned");
    inbox.updateConversation(c.id, { readBy: { [me.id]: new Date().toISOString() } }, "read");
    inbox.emit("contact.updated", { ...inbox.contacts.get(c.contactId)!, optedOutAt: new Date().toISOString() }, "opted_out");
    await apply();
    const lines = await db.activities.toArray();
    expect(lines.map((l) => [l.conversationId, l.action])).toEqual([
      [c.id, "assigned"],
      [c.id, "opted_out"],
    ]);
  });
});
