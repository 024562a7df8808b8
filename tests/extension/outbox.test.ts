// The outbox: written first, shown as "sending", delivered when possible with one clientId for all tries;
// permanent refusals fail with the server's reason and can be retried or discarded.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, waitForState, type Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { waitFor } from "../support/wait";

let inbox: FakeInbox;
let h: Harness;
let ids = 0;
beforeEach(async () => {
  ids = 0;
  inbox = new FakeInbox();
  inbox.addConversation(1);
  h = startHarness(inbox, { newClientId: () => `client-${++ids}` });
  await h.engine.signIn("http://fake.localhost", me.email, "pw");
  await waitForState(h.engine, "live");
});
afterEach(() => h.engine.stop());

const serverMessagesWith = (clientId: string) => [...inbox.messages.values()].filter((m) => m.clientId === clientId);

describe("outbox", () => {
  it("writes the send to IndexedDB before any network call and delivers it once", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "On my way");
    expect(await h.db.outbox.get(clientId)).toMatchObject({ state: "sending", body: "On my way", conversationId: "cv_1" });
    await waitFor("a failed attempt", async () => (await h.db.outbox.get(clientId))?.attempts === 1);
    inbox.httpDown = null;
    await h.engine.onAlarm(); // reconnect / alarm tick flushes
    await waitFor("delivered", async () => (await h.db.outbox.count()) === 0 && (await h.db.messages.where("clientId").equals(clientId).count()) === 1);
    expect(serverMessagesWith(clientId)).toHaveLength(1);
    expect(inbox.calls.filter((c) => c === `send:${clientId}`).length).toBeGreaterThanOrEqual(2); // retried with the same clientId
  });

  it("survives a worker restart: the unsent message is delivered by the next worker", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Sent before the worker died");
    h.engine.stop();
    inbox.httpDown = null;
    const next = h.restart();
    await next.engine.start();
    await waitFor("delivered after restart", async () => (await next.db.outbox.count()) === 0);
    expect(serverMessagesWith(clientId)).toHaveLength(1);
    next.engine.stop();
  });

  it("marks an opted-out recipient as failed with the server's message; retry reuses the clientId", async () => {
    inbox.refuse.set("client-1", { code: "opted_out", status: 409, message: "This contact opted out (STOP); they cannot be texted" });
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Hello?");
    await waitFor("failed", async () => (await h.db.outbox.get(clientId))?.state === "failed");
    expect((await h.db.outbox.get(clientId))?.error).toMatchObject({ code: "opted_out", status: 409, message: expect.stringMatching(/opted out/) });
    inbox.refuse.delete(clientId);
    expect((await h.engine.outbox.retry(clientId)).ok).toBe(true);
    await waitFor("sent on retry", async () => (await h.db.outbox.count()) === 0);
    expect(serverMessagesWith(clientId)).toHaveLength(1);
  });

  it("discards a failed send; a send in flight cannot be discarded", async () => {
    inbox.refuse.set("client-1", { code: "validation_failed", status: 400, message: "to: not a phone number" });
    const failed = await h.engine.outbox.sendReply("cv_1", "inb_main", "x");
    await waitFor("failed", async () => (await h.db.outbox.get(failed))?.state === "failed");
    inbox.httpDown = "network";
    const pending = await h.engine.outbox.sendReply("cv_1", "inb_main", "y");
    expect((await h.engine.outbox.discard(pending)).ok).toBe(false);
    expect((await h.engine.outbox.discard(failed)).ok).toBe(true);
    expect(await h.db.outbox.get(failed)).toBeUndefined();
  });

  it("shows one message when the stream's event beats the HTTP answer", async () => {
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "race");
    await waitFor("settled", async () => (await h.db.outbox.count()) === 0 && serverMessagesWith(clientId).length === 1);
    await new Promise((r) => setTimeout(r, 50)); // the stream event lands too
    expect(await h.db.messages.where("clientId").equals(clientId).count()).toBe(1);
  });
});
