// Unsent texts outlive the session (item 13 of the hardening issue): sign-out or a 401 parks them under
// their author; the same user signing in to the same server sends them, once (same clientIds); another user
// on the profile never sees or sends them; the signed-out session snapshot says how many wait, for whom.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboxSnapshot, SessionSnapshot } from "../../src/protocol/messages";
import { waitForState, type Harness } from "../support/engine-harness";
import { FakeInbox, me, teammate } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { type createSubscriptionHub, openView, startSignedInWorker } from "../support/worker-harness";

let inbox: FakeInbox;
let h: Harness;
let stop: () => void;
let hub: ReturnType<typeof createSubscriptionHub>;
let ids = 0;
beforeEach(async () => {
  ids = 0;
  inbox = new FakeInbox();
  inbox.addConversation(1);
  ({ h, hub, stop } = await startSignedInWorker({ inbox, engine: { newClientId: () => `client-${++ids}` } }));
});
afterEach(() => {
  stop();
});

const sentWith = (clientId: string) => [...inbox.messages.values()].filter((m) => m.clientId === clientId);
const sendAttempts = (clientId: string) => inbox.calls.filter((c) => c === `send:${clientId}`).length;
const latest = <T>(view: ReturnType<typeof openView>, id: string) => (view.latest(id) as { data: T } | undefined)?.data;

describe("unsent texts across sessions", () => {
  it("queued while the server is down, kept over sign-out, sent once when the same user signs in again", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Your order shipped");
    await waitFor("an attempt failed", async () => (await h.db.outbox.get(clientId))?.attempts === 1);
    await h.engine.signOut();
    expect(await h.db.outbox.count()).toBe(0);
    const view = openView(hub);
    view.subscribe("s", { type: "session" });
    await waitFor("signed-out snapshot", () => latest<SessionSnapshot>(view, "s")?.connection.state === "signed_out");
    expect(latest<SessionSnapshot>(view, "s")?.waitingToSend).toEqual([{ serverUrl: "http://fake.localhost", email: me.email, count: 1 }]);

    inbox.httpDown = null;
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitFor("delivered", async () => sentWith(clientId).length === 1 && (await h.db.outbox.count()) === 0);
    await waitFor("nothing waits", () => latest<SessionSnapshot>(view, "s")?.waitingToSend?.length === 0);
    expect(await h.db.parkedOutbox.count()).toBe(0);
    expect(await h.db.messages.where("clientId").equals(clientId).count()).toBe(1);
  });

  it("a 401 while sending signs out and keeps the text; signing in again sends it exactly once", async () => {
    inbox.validToken = "tok_revoked_meanwhile"; // the session was revoked on the server
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Sent after a revoked session");
    await waitForState(h.engine, "signed_out");
    expect(await h.db.parkedOutbox.get(clientId)).toMatchObject({ body: "Sent after a revoked session", state: "sending", email: me.email });
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitFor("delivered", async () => sentWith(clientId).length === 1 && (await h.db.outbox.count()) === 0);
    await h.engine.outbox.flush(true);
    expect(sentWith(clientId)).toHaveLength(1);
  });

  it("another user signing in on the profile neither sees nor sends them; their author later does", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Only mine");
    await h.engine.signOut();
    const tried = sendAttempts(clientId); // while the server was down
    inbox.httpDown = null;
    inbox.loginAs = teammate;
    await h.engine.signIn("http://fake.localhost", teammate.email, "pw");
    await waitForState(h.engine, "live");
    const view = openView(hub);
    view.subscribe("i", { type: "inbox" });
    view.subscribe("t", { type: "thread", conversationId: "cv_1" });
    await waitFor("snapshots", () => latest<InboxSnapshot>(view, "i") && view.latest("t"));
    await h.engine.outbox.flush(true);
    expect(latest<InboxSnapshot>(view, "i")?.outbox).toEqual([]);
    expect(latest<{ outbox: unknown[] }>(view, "t")?.outbox).toEqual([]);
    expect(sendAttempts(clientId)).toBe(tried);

    await h.engine.signOut();
    inbox.loginAs = me;
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitFor("delivered for its author", () => sentWith(clientId).length === 1);
  });

  it("the same user id on another server is another account: nothing is sent there", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "For the first server");
    await h.engine.signOut();
    const tried = sendAttempts(clientId);
    inbox.httpDown = null;
    await h.engine.signIn("http://other-server.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    await h.engine.outbox.flush(true);
    expect(sendAttempts(clientId)).toBe(tried);
    expect(await h.db.parkedOutbox.get(clientId)).toMatchObject({ serverUrl: "http://fake.localhost" });
  });

  it("a worker restart while signed out keeps them (they live in IndexedDB)", async () => {
    inbox.httpDown = "network";
    const clientId = await h.engine.outbox.sendReply("cv_1", "inb_main", "Survives the worker");
    await h.engine.signOut();
    h.engine.stop();
    inbox.httpDown = null;
    const next = h.restart();
    await next.engine.start();
    await next.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitFor("delivered by the next worker", () => sentWith(clientId).length === 1);
    next.engine.stop();
  });
});
