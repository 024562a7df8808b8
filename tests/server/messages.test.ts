import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinalStatus } from "../../src/core/message-status";
import { NewMessageResponse, SendMessageResponse } from "../../src/protocol/api";
import type { MessageStatus } from "../../src/protocol/entities";
import { startServer, waitFor, type TestServer } from "../support/server";
import { conversationWith, eventsOfRequest, headSeq, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let nudges = 0;
// The media check resolves host names; a fixed table keeps the tests off the network.
const dns = new Map<string, string[]>([
  ["example.com", ["93.184.215.14"]],
  ["cdn.example.com", ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"]],
  ["intranet.example.com", ["93.184.215.14", "10.0.0.7"]],
]);
/** Hosts whose answers change: the next lookup takes the next answer (the last one stays). */
const moving = new Map<string, string[][]>();
const resolveMediaHost = async (host: string) => {
  const answers = moving.get(host);
  const found = answers ? (answers.length > 1 ? answers.shift() : answers[0]) : dns.get(host);
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found;
};
beforeAll(async () => {
  s = await startServer({ resolveMediaHost });
  w = await workspace(s);
  const nudge = s.app.ctx.nudgeDelivery;
  s.app.ctx.nudgeDelivery = () => {
    nudges++;
    nudge();
  };
});
afterAll(() => s.close());

const send = (id: string, json: unknown, token = w.token.alice) => s.call("POST", `/v1/conversations/${id}/messages`, { token, json });
const messageRows = (clientId: string) => s.app.ctx.database.db.selectFrom("message").selectAll().where("clientId", "=", clientId).execute();

describe("POST /v1/conversations/:id/messages", () => {
  it("queues the message (201), moves the conversation's preview and wakes delivery", async () => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const seq = await headSeq(s);
    const nudgesBefore = nudges;
    const res = await send(id, { body: "  We close at 6pm today.  ", clientId: "close-time" });
    expect(res.status).toBe(201);
    const { message } = SendMessageResponse.parse(res.body);
    expect(message).toMatchObject({
      conversationId: id,
      direction: "outbound",
      body: "We close at 6pm today.",
      status: "queued",
      authorId: w.userId.alice,
      clientId: "close-time",
      media: [],
    });
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.action])).toEqual([
      ["message.created", "created"],
      ["conversation.updated", null],
    ]);
    expect(events[1].data).toMatchObject({ id, lastMessageAt: message.createdAt, preview: "We close at 6pm today." });
    expect(nudges).toBe(nudgesBefore + 1);
  });

  it("carries media URLs", async () => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const res = await send(id, { body: "Photo of the invoice", mediaUrls: ["https://example.com/invoice.jpg"], clientId: "media-1" });
    expect(res.body.message.media).toEqual([{ url: "https://example.com/invoice.jpg", contentType: null }]);
    // The simulator fetches the media as a carrier would, and with no network here the send fails (and marks
    // the conversation). Waiting for the outcome keeps that write inside this test instead of landing in the
    // middle of a later test's "changes nothing" snapshot.
    await waitFor("the media send's outcome", async () => isFinalStatus((await messageRows("media-1"))[0].status as MessageStatus), 15_000);
  });

  it("answers the same clientId from the same user with the original message (200), sending once", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    const first = await send(id, { body: "See you Thursday", clientId: "retry-1" });
    const seq = await headSeq(s);
    const nudgesBefore = nudges;
    const again = await send(id, { body: "See you Thursday", clientId: "retry-1" });
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(await messageRows("retry-1")).toHaveLength(1);
    expect(await eventsOfRequest(s, seq)).toEqual([]);
    expect(nudges).toBe(nudgesBefore);
  });

  it("stores one message when the same send races itself", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    const results = await Promise.all(Array.from({ length: 6 }, () => send(id, { body: "Racing", clientId: "race-1" })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.message.id)).size).toBe(1);
    expect(await messageRows("race-1")).toHaveLength(1);
  });

  it("refuses the same clientId for a different body or conversation with 409 conflict", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    const other = await conversationWith(s, w.mainLine, "Michael Brown");
    await send(id, { body: "Original", clientId: "reused" });
    const before = await snapshot(s);
    const differentBody = await send(id, { body: "Changed", clientId: "reused" });
    expect(differentBody.status).toBe(409);
    expect(differentBody.body.error.code).toBe("conflict");
    expect((await send(other, { body: "Original", clientId: "reused" })).status).toBe(409);
    expect(await snapshot(s)).toEqual(before);
  });

  it("keeps clientIds apart per user", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    expect((await send(id, { body: "Mine", clientId: "shared-key" }, w.token.alice)).status).toBe(201);
    expect((await send(id, { body: "Mine", clientId: "shared-key" }, w.token.bob)).status).toBe(201);
    expect(await messageRows("shared-key")).toHaveLength(2);
  });

  it("refuses a send to an opted-out contact with 409 opted_out and writes nothing", async () => {
    const id = await conversationWith(s, w.mainLine, "Ethan Lee");
    const before = await snapshot(s);
    const res = await send(id, { body: "One more thing", clientId: "to-ethan" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("opted_out");
    expect(res.body.error.message).toMatch(/Ethan Lee has opted out/);
    expect(await snapshot(s)).toEqual(before);
  });
});

describe("media URLs", () => {
  it.each([
    ["javascript:", "javascript:alert(document.cookie)", /must start with https:\/\/ \(not javascript:\)/],
    ["file:", "file:///etc/passwd", /must start with https:\/\//],
    ["plain http", "http://example.com/a.jpg", /must start with https:\/\//],
    ["cloud metadata (link-local)", "https://169.254.169.254/latest/meta-data/", /linkLocal address \(169\.254\.169\.254\)/],
    ["loopback", "https://127.0.0.1:8787/v1/me", /loopback/],
    ["loopback written in hex", "https://0x7f.1/x.png", /loopback/],
    ["a private network", "https://192.168.1.20/cam.jpg", /private/],
    ["carrier-grade NAT", "https://100.64.0.9/x.jpg", /carrierGradeNat/],
    ["IPv6 loopback", "https://[::1]/x.jpg", /loopback/],
    ["IPv6 unique local", "https://[fd12:3456::1]/x.jpg", /uniqueLocal/],
    ["IPv6 link-local", "https://[fe80::1]/x.jpg", /linkLocal/],
    ["IPv4-mapped private", "https://[::ffff:10.0.0.1]/x.jpg", /private/],
    ["unspecified", "https://0.0.0.0/x.jpg", /unspecified/],
    ["multicast", "https://224.0.0.251/x.jpg", /multicast/],
    ["a name with one private address among public ones", "https://intranet.example.com/x.jpg", /private address \(10\.0\.0\.7\)/],
    ["a name that does not resolve", "https://nowhere.invalid/x.jpg", /could not be found/],
    ["credentials in the URL", "https://user:pw@example.com/x.jpg", /user name or password/],
  ])("refuses %s with 400 and stores nothing", async (_what, url, reason) => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const before = await snapshot(s);
    const reply = await send(id, { body: "Look", mediaUrls: ["https://example.com/ok.jpg", url], clientId: `media-bad-${url}` });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: "validation_failed",
      message: expect.stringMatching(reason),
      details: [{ path: "/mediaUrls/1", message: expect.stringMatching(reason) }],
    });
    const fresh = await s.call("POST", "/v1/messages", {
      token: w.token.alice,
      json: { inboxId: w.mainLine, to: "+14155550166", body: "Look", mediaUrls: [url], clientId: `media-new-${url}` },
    });
    expect(fresh.status).toBe(400);
    expect(await snapshot(s)).toEqual(before);
  });

  it("takes https URLs to public addresses, IPv6 included", async () => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const res = await send(id, { body: "Menu", mediaUrls: ["https://cdn.example.com/menu.jpg", "https://93.184.215.14/a.png"], clientId: "media-ok" });
    expect(res.status).toBe(201);
  });

  it("does not hand the carrier a URL whose host has since moved to a private address", async () => {
    moving.set("moving.example.com", [["93.184.215.14"], ["169.254.169.254"]]); // public when queued, then not
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const res = await send(id, { body: "Moving", mediaUrls: ["https://moving.example.com/x.jpg"], clientId: "media-moving" });
    expect(res.status).toBe(201);
    const row = await waitFor("the send to fail", async () => {
      const [m] = await messageRows("media-moving");
      return m.status === "failed" ? m : null;
    });
    expect(row).toMatchObject({ errorCode: "media_refused", errorReason: expect.stringMatching(/linkLocal address/), carrierMessageId: null });
  });
});

describe("POST /v1/messages", () => {
  const start = (json: Record<string, unknown>, token = w.token.alice) => s.call("POST", "/v1/messages", { token, json });

  it("starts a conversation with a new number: contact, conversation and message, one event each", async () => {
    const seq = await headSeq(s);
    const res = await start({ inboxId: w.mainLine, to: "(415) 555-0177", body: "Hi from the team", clientId: "new-1" });
    expect(res.status).toBe(201);
    const body = NewMessageResponse.parse(res.body);
    expect(body.contact).toMatchObject({ phoneNumber: "+14155550177", name: null, optedOutAt: null });
    expect(body.conversation).toMatchObject({
      inboxId: w.mainLine,
      contactId: body.contact.id,
      status: "open",
      lastMessageAt: body.message.createdAt,
      preview: "Hi from the team",
    });
    expect(body.message).toMatchObject({ conversationId: body.conversation.id, status: "queued", clientId: "new-1" });
    // On PostgreSQL an earlier test's background write (another conversation) can be numbered after `seq`.
    const ours = new Set([body.contact.id, body.message.id, body.conversation.id]);
    const events = (await eventsOfRequest(s, seq)).filter((e) => ours.has(e.data.id as string));
    expect(events.map((e) => [e.type, e.action, e.data.id])).toEqual([
      ["contact.updated", "created", body.contact.id],
      ["message.created", "created", body.message.id],
      ["conversation.created", "created", body.conversation.id],
    ]);
    expect(events[2].data).toEqual(body.conversation);
  });

  it("continues the existing conversation when the number is written another way", async () => {
    const existing = await conversationWith(s, w.mainLine, "James Wilson");
    const seq = await headSeq(s);
    const res = await start({ inboxId: w.mainLine, to: "212.555.0134", body: "Following up", clientId: "new-2" });
    expect(res.status).toBe(201);
    expect(res.body.conversation.id).toBe(existing);
    expect((await eventsOfRequest(s, seq)).map((e) => e.type)).toEqual(["message.created", "conversation.updated"]);
  });

  it("reads a national number with the given country", async () => {
    const res = await start({ inboxId: w.mainLine, to: "020 7946 0018", country: "gb", body: "Hello London", clientId: "new-uk" });
    expect(res.status).toBe(201);
    expect(res.body.contact.phoneNumber).toBe("+442079460018");
  });

  it("answers a repeated clientId with the original message, conversation and contact (200)", async () => {
    const first = await start({ inboxId: w.mainLine, to: "+1 415 555 0188", body: "Once", clientId: "new-3" });
    const again = await start({ inboxId: w.mainLine, to: "4155550188", body: "Once", clientId: "new-3" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      message: { id: first.body.message.id },
      conversation: { id: first.body.conversation.id },
      contact: { id: first.body.contact.id },
    });
    expect(await messageRows("new-3")).toHaveLength(1);
  });

  it("refuses an opted-out number with 409 opted_out and writes nothing", async () => {
    const before = await snapshot(s);
    const res = await start({ inboxId: w.supportLine, to: "+15125550145", body: "Hello again", clientId: "new-4" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("opted_out");
    expect(await snapshot(s)).toEqual(before);
  });
});

describe("sending too fast", () => {
  it("answers a user's sends past sendRateLimit a minute with 429 rate_limited and Retry-After, replies and new threads together", async () => {
    const small = await startServer({ sendRateLimit: 3, resolveMediaHost });
    try {
      const [alice, bob] = await Promise.all([small.login("alice@demo.test"), small.login("bob@demo.test")]);
      const ws = await workspace(small);
      const id = await conversationWith(small, ws.mainLine, "Michael Brown");
      const post = (token: string, path: string, json: unknown) =>
        fetch(`${small.url}/v1${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(json),
        });
      expect((await post(alice, `/conversations/${id}/messages`, { body: "1", clientId: "rl-1" })).status).toBe(201);
      expect((await post(alice, "/messages", { inboxId: ws.mainLine, to: "+14155550161", body: "2", clientId: "rl-2" })).status).toBe(201);
      expect((await post(alice, `/conversations/${id}/messages`, { body: "3", clientId: "rl-3" })).status).toBe(201);
      const before = await snapshot(small);
      for (const refused of [
        await post(alice, `/conversations/${id}/messages`, { body: "4", clientId: "rl-4" }),
        await post(alice, "/messages", { inboxId: ws.mainLine, to: "+14155550162", body: "5", clientId: "rl-5" }),
      ]) {
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
        expect((await refused.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/at most 3 a minute/) });
      }
      expect(await snapshot(small)).toEqual(before);
      expect((await post(bob, `/conversations/${id}/messages`, { body: "bob's own budget", clientId: "rl-bob" })).status).toBe(201);
    } finally {
      await small.close();
    }
  });
});
