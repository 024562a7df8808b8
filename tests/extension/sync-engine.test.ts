// The sync engine against an in-memory inbox: bootstrap, stream, polling fallback, cursor gaps, 410,
// 401, and a worker killed mid-sync (invariant 5: the cache converges).
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/sync/clock";
import { cacheState } from "../support/cache-state";
import { startHarness, waitForState, type Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { waitFor } from "../support/wait";

let inbox: FakeInbox;
let harnesses: Harness[] = [];
const start = (...args: Parameters<typeof startHarness>) => {
  const h = startHarness(...args);
  harnesses.push(h);
  return h;
};
beforeEach(() => {
  inbox = new FakeInbox();
  for (let i = 1; i <= 5; i++) inbox.addConversation(i, { unread: i % 2 === 1 });
});
afterEach(async () => {
  for (const h of harnesses) h.engine.stop();
  harnesses = [];
});

const serverState = () => {
  const sorted = <T extends { id: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    conversations: sorted(inbox.conversations),
    contacts: sorted(inbox.contacts),
    messages: sorted(inbox.messages),
    notes: sorted(inbox.notes),
    templates: sorted(inbox.templates),
  };
};
const converged = (h: Harness) =>
  waitFor("cache equal to the server", async () => JSON.stringify(await cacheState(h.db)) === JSON.stringify(serverState()), 3000, 10);

describe("sync engine", () => {
  it("signs in, bootstraps, goes live and applies stream events", async () => {
    const h = start(inbox);
    expect((await h.engine.signIn("http://fake.localhost", me.email, "pw")).ok).toBe(true);
    expect(await h.db.getMeta("cursor")).toBe(inbox.head);
    await waitForState(h.engine, "live");
    const m = inbox.inbound("cv_2", "Are you open today?");
    inbox.setStatus(m.id, "received");
    await converged(h);
    expect(h.inbound.map((x) => x.id)).toEqual([m.id]);
    expect(await h.db.getMeta("cursor")).toBe(inbox.head);
  });

  it("survives duplicate and out-of-order frames on the socket", async () => {
    const h = start(inbox);
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    const socket = [...inbox.sockets][0];
    inbox.updateConversation("cv_1", { status: "pending" }, "pending");
    inbox.updateConversation("cv_1", { status: "resolved" }, "resolved");
    const [pending, resolved] = inbox.events.slice(-2);
    socket.push({ type: "events", events: [resolved, pending] });
    socket.push({ type: "event", event: pending });
    await converged(h);
    expect((await h.db.conversations.get("cv_1"))?.status).toBe("resolved");
  });

  it("falls back to polling when the socket drops, pages through /v1/sync, then goes live again", async () => {
    const h = start(inbox, { syncPageSize: 7 });
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    inbox.refuseSockets = true;
    inbox.dropSockets();
    await waitForState(h.engine, "polling");
    for (let i = 0; i < 20; i++) inbox.inbound(`cv_${(i % 5) + 1}`, `message ${i}`);
    inbox.calls = [];
    await h.engine.onAlarm(); // the chrome.alarms tick
    await converged(h);
    expect(inbox.calls.filter((c) => c.startsWith("sync:")).length).toBeGreaterThanOrEqual(6); // 40 events / 7 per page
    expect(h.engine.connection().state).toBe("polling");
    inbox.refuseSockets = false;
    await waitForState(h.engine, "live");
    inbox.inbound("cv_3", "back live");
    await converged(h);
    expect(h.inbound).toHaveLength(21);
  });

  it("tries the live connection at once when the rep sends while it waits out its backoff", async () => {
    // A clock whose timers never fire by themselves: the socket's retry waits for ever unless something hurries it.
    let ids = 0;
    const clock: Clock = { now: () => Date.now(), setTimeout: () => ++ids, clearTimeout: () => {} };
    const h = start(inbox, { clock });
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    inbox.refuseSockets = true;
    inbox.dropSockets();
    await waitForState(h.engine, "polling");
    inbox.refuseSockets = false; // the server is back; the socket's next try is still a backoff away
    await new Promise((r) => setTimeout(r, 50));
    expect(h.engine.connection().state).toBe("polling");
    await h.engine.outbox.sendReply("cv_1", "inb_main", "Are you still there?");
    await waitForState(h.engine, "live");
    expect([...inbox.messages.values()].map((m) => m.body)).toContain("Are you still there?");
  });

  it("catches up at once when the rep sends after the worker started with the server away", async () => {
    let ids = 0;
    const clock: Clock = { now: () => Date.now(), setTimeout: () => ++ids, clearTimeout: () => {} };
    const first = start(inbox);
    await first.engine.signIn("http://fake.localhost", me.email, "pw");
    first.engine.stop();
    inbox.httpDown = "network";
    const h = first.restart({ clock });
    harnesses.push(h);
    await h.engine.start();
    await waitForState(h.engine, "offline");
    inbox.httpDown = null; // back, but nothing would look before the next poll
    await new Promise((r) => setTimeout(r, 50));
    expect(h.engine.connection().state).toBe("offline");
    await h.engine.outbox.sendReply("cv_1", "inb_main", "Did you get my message?");
    await waitForState(h.engine, "live");
    expect([...inbox.messages.values()].map((m) => m.body)).toContain("Did you get my message?");
  });

  /** Live first, then the server goes away: sockets refused and HTTP failing. */
  const liveThenUnreachable = async (h: Harness) => {
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    inbox.refuseSockets = true;
    inbox.httpDown = "network";
    inbox.dropSockets();
    await waitForState(h.engine, "offline");
  };

  it("reports offline with the reason when the server cannot be reached at all", async () => {
    const h = start(inbox);
    await liveThenUnreachable(h);
    expect(h.engine.connection().reason).toMatch(/reach the server/);
  });

  it("stays offline while the socket keeps failing its retries and HTTP is down too (no flip to polling and back)", async () => {
    let sockets = 0;
    const Base = inbox.WebSocket;
    const h = start(inbox, {
      WebSocket: class extends Base {
        constructor(url: string) {
          super(url);
          sockets++;
        }
      },
    });
    await liveThenUnreachable(h);
    const seen: string[] = [];
    const off = h.engine.onConnectionChange((c) => seen.push(c.state));
    const before = sockets;
    await waitFor("three more socket retries", () => sockets >= before + 3);
    off();
    expect(seen).toEqual([]);
    expect(h.engine.connection().state).toBe("offline");
    inbox.httpDown = null; // HTTP answers again: polling until the socket is back
    await waitForState(h.engine, "polling");
  });

  it("bootstraps again on 410 cursor_expired, keeping unsent messages", async () => {
    const h = start(inbox);
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    h.engine.stop();
    for (let i = 6; i <= 8; i++) inbox.addConversation(i);
    inbox.oldestSeq = inbox.head; // the feed was pruned past our cursor
    inbox.httpDown = "network";
    const h2 = start(inbox, {}, h.db);
    inbox.refuseSockets = true;
    await h2.engine.start();
    await h.db.outbox.add({
      clientId: "keep-me",
      kind: "reply",
      conversationId: "cv_1",
      inboxId: "inb_main",
      to: null,
      body: "x",
      mediaUrls: [],
      state: "failed",
      error: null,
      attempts: 1,
      createdAt: new Date().toISOString(),
      nextAttemptAt: 0,
    });
    inbox.httpDown = null;
    inbox.calls = [];
    await h2.engine.onAlarm();
    expect(inbox.calls.slice(0, 2)).toEqual([`sync:${5 * 2}`, "bootstrap"]);
    await converged(h2);
    expect(await h.db.outbox.get("keep-me")).toBeTruthy();
  });

  it("a worker killed mid-catch-up resumes from the stored cursor: no gap, no duplicate", async () => {
    const h = start(inbox, { syncPageSize: 10 });
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    inbox.refuseSockets = true;
    inbox.dropSockets();
    await waitForState(h.engine, "polling");
    await waitFor("first catch-up done", async () => (await h.db.getMeta("cursor")) === inbox.head);
    const sent = Array.from({ length: 25 }, (_, i) => inbox.inbound(`cv_${(i % 5) + 1}`, `while away ${i}`));
    // Kill the worker right after the second page is written.
    let pages = 0;
    h.engine.onInbound(() => ++pages === 2 && h.engine.stop());
    await h.engine.onAlarm();
    const cursorAtDeath = await h.db.getMeta("cursor");
    expect(cursorAtDeath).toBeGreaterThan(10);
    expect(cursorAtDeath).toBeLessThan(inbox.head);

    const restarted = start(inbox, { syncPageSize: 10 }, h.db);
    inbox.calls = [];
    await restarted.engine.start();
    expect(inbox.calls[0]).toBe(`sync:${cursorAtDeath}`);
    await converged(restarted);
    const notified = [...h.inbound, ...restarted.inbound].map((m) => m.id);
    expect(notified.sort()).toEqual(sent.map((m) => m.id).sort()); // each exactly once
  });

  it("a 401 signs out with a clear reason and clears the cache", async () => {
    const h = start(inbox);
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await waitForState(h.engine, "live");
    inbox.validToken = "rotated";
    inbox.refuseSockets = false;
    inbox.dropSockets();
    await waitForState(h.engine, "signed_out");
    expect(h.engine.connection().reason).toMatch(/session expired or was revoked.*Sign in again/);
    expect(await h.db.conversations.count()).toBe(0);
    expect(await h.db.getMeta("session")).toBeUndefined();
  });

  it("after sign-out a restarted worker stays signed out and remembers why", async () => {
    const h = start(inbox);
    await h.engine.signIn("http://fake.localhost", me.email, "pw");
    await h.engine.signOut();
    expect(await h.db.conversations.count()).toBe(0);
    const r = start(inbox, {}, h.db);
    await r.engine.start();
    expect(r.engine.connection()).toMatchObject({ state: "signed_out", reason: "You signed out." });
  });
});
