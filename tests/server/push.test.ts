// Web Push end to end: devices subscribe with the server's VAPID key at a real test push service
// (web-push-testing: it checks the VAPID JWT and decrypts with the subscription's keys); inbound texts are
// pushed to the right people only, pruned on 410, collapsed per conversation by Topic.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { textIn } from "./support/demo";
import { startTestPushService, type TestPushService } from "./push-test-service";
import { topicOf } from "../../server/push/push-fanout";

let s: TestServer;
let w: Workspace;
let push: TestPushService;
let publicKey: string;
const device: Record<"admin" | "alice" | "bob", { clientHash: string; id: string }> = {} as never;

beforeAll(async () => {
  [s, push] = await Promise.all([startServer({ pushAllowHttp: true }), startTestPushService()]);
  w = await workspace(s);
  publicKey = (await s.call("GET", "/v1/push/key", { token: w.token.bob })).body.publicKey;
  for (const who of ["admin", "alice", "bob"] as const) {
    const sub = await push.subscribe(publicKey);
    const res = await s.call("POST", "/v1/push/subscriptions", {
      token: w.token[who],
      json: { endpoint: sub.endpoint, keys: sub.keys, label: `${who}'s phone` },
      headers: { "user-agent": `Test browser of ${who}` },
    });
    expect(res.status).toBe(201);
    device[who] = { clientHash: sub.clientHash, id: res.body.device.id };
  }
});
afterAll(async () => {
  await s?.close();
  await push?.close();
});

type Who = keyof typeof device;
const everyone: Who[] = ["admin", "alice", "bob"];
const payloadsOf = async (who: Who) => (await push.messages(device[who].clientHash)).map((m) => JSON.parse(m));

/**
 * A customer texts in; waits until each of `expected` has its push, then a little longer for any push that
 * should not come. Returns the message and who was pushed it, with their payloads.
 */
async function textAndPushes(inboxId: string, from: string, body: string, expected: Who[]) {
  const message = await textIn(s, w.token.admin, inboxId, from, body);
  const until = Date.now() + 5000;
  const got = async () => {
    const all = await Promise.all(everyone.map(async (who) => [who, (await payloadsOf(who)).find((p) => p.messageId === message.id)] as const));
    return Object.fromEntries(all.filter(([, p]) => p));
  };
  for (;;) {
    const now = await got();
    if (expected.every((who) => now[who]) || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300));
  return { message, pushed: await got() };
}

describe("push devices", () => {
  it("lists a user's own devices with label and user agent, never their keys, and not anyone else's", async () => {
    const mine = await s.call("GET", "/v1/push/subscriptions", { token: w.token.alice });
    expect(mine.body.devices).toEqual([
      expect.objectContaining({ id: device.alice.id, label: "alice's phone", userAgent: "Test browser of alice", lastPushedAt: null }),
    ]);
    expect(JSON.stringify(mine.body)).not.toMatch(/p256dh|auth|notify/);
  });

  it("answers 404 when removing someone else's device, and keeps it", async () => {
    const res = await s.call("DELETE", `/v1/push/subscriptions/${device.alice.id}`, { token: w.token.bob });
    expect(res.status).toBe(404);
    expect((await s.call("GET", "/v1/push/subscriptions", { token: w.token.alice })).body.devices).toHaveLength(1);
  });

  it("refuses an endpoint that is not https (unless configured for a local test service) and bad keys", async () => {
    const sub = await push.subscribe(publicKey);
    s.config.pushAllowHttp = false;
    try {
      const res = await s.call("POST", "/v1/push/subscriptions", { token: w.token.bob, json: { endpoint: sub.endpoint, keys: sub.keys } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/https/);
    } finally {
      s.config.pushAllowHttp = true;
    }
    const bad = await s.call("POST", "/v1/push/subscriptions", {
      token: w.token.bob,
      json: { endpoint: "https://push.example/x", keys: { p256dh: "short", auth: "x" } },
    });
    expect(bad.status).toBe(400);
    expect((await s.call("GET", "/v1/push/subscriptions", { token: w.token.bob })).body.devices).toHaveLength(1);
  });
});

describe("who gets pushed", () => {
  let conversationId: string;

  it("pushes an unassigned conversation's inbound to every member of its inbox, with sender, preview and actions", async () => {
    const { message, pushed } = await textAndPushes(w.mainLine, "+14155550142", "Is my order ready?", everyone);
    conversationId = message.conversationId;
    expect(Object.keys(pushed).sort()).toEqual(everyone);
    for (const who of everyone) {
      expect(pushed[who]).toMatchObject({
        type: "message",
        conversationId,
        messageId: message.id,
        userId: w.userId[who],
        title: "(415) 555-0142",
        body: "Is my order ready?",
        url: `/#/c/${conversationId}`,
        actions: [
          { action: "reply", title: "Reply" },
          { action: "assign", title: "Assign to me" },
        ],
      });
    }
  });

  it("pushes only the assignee once the conversation is assigned", async () => {
    expect((await s.call("PATCH", `/v1/conversations/${conversationId}`, { token: w.token.alice, json: { assigneeId: w.userId.alice } })).status).toBe(200);
    const { pushed } = await textAndPushes(w.mainLine, "+14155550142", "Hello again", ["alice"]);
    expect(Object.keys(pushed)).toEqual(["alice"]);
    expect(pushed.alice.body).toBe("Hello again");
  });

  it("pushes nobody outside the inbox: bob is not a member of Support line", async () => {
    const { pushed } = await textAndPushes(w.supportLine, "+14155550143", "Support please", ["admin", "alice"]);
    expect(Object.keys(pushed).sort()).toEqual(["admin", "alice"]);
  });

  it("skips a conversation the user muted, and pushes it again once unmuted", async () => {
    expect((await s.call("PUT", `/v1/push/mutes/${conversationId}`, { token: w.token.alice })).status).toBe(204);
    expect((await s.call("GET", "/v1/push/mutes", { token: w.token.alice })).body.conversationIds).toEqual([conversationId]);
    expect((await textAndPushes(w.mainLine, "+14155550142", "Muted text", [])).pushed).toEqual({});
    expect((await s.call("DELETE", `/v1/push/mutes/${conversationId}`, { token: w.token.alice })).status).toBe(204);
    expect(Object.keys((await textAndPushes(w.mainLine, "+14155550142", "Unmuted text", ["alice"])).pushed)).toEqual(["alice"]);
  });

  it("answers 404 when muting a conversation the user cannot read", async () => {
    const { message } = await textAndPushes(w.supportLine, "+14155550144", "Private", ["admin", "alice"]);
    const res = await s.call("PUT", `/v1/push/mutes/${message.conversationId}`, { token: w.token.bob });
    expect(res.status).toBe(404);
    expect((await s.call("GET", "/v1/push/mutes", { token: w.token.bob })).body.conversationIds).toEqual([]);
  });

  it("holds pushes during the user's do-not-disturb hours, read in their time zone", async () => {
    // A window around the present hour in Tokyo (UTC+9, no daylight saving): now is inside it.
    const tokyoHour = (new Date().getUTCHours() + 9) % 24;
    const pad = (h: number) => String(h).padStart(2, "0");
    const quietHours = { start: `${pad(tokyoHour)}:00`, end: `${pad((tokyoHour + 1) % 24)}:00`, timeZone: "Asia/Tokyo" };
    const set = await s.call("PUT", "/v1/push/quiet-hours", { token: w.token.alice, json: { quietHours } });
    expect(set.body).toEqual({ quietHours });
    expect((await textAndPushes(w.mainLine, "+14155550142", "During quiet hours", [])).pushed).toEqual({});
    // The same clock in another zone (9 hours off) is outside the window.
    await s.call("PUT", "/v1/push/quiet-hours", { token: w.token.alice, json: { quietHours: { ...quietHours, timeZone: "UTC" } } });
    expect(Object.keys((await textAndPushes(w.mainLine, "+14155550142", "After quiet hours", ["alice"])).pushed)).toEqual(["alice"]);
    await s.call("PUT", "/v1/push/quiet-hours", { token: w.token.alice, json: { quietHours: null } });
    expect((await s.call("GET", "/v1/push/quiet-hours", { token: w.token.alice })).body).toEqual({ quietHours: null });
  });

  it("refuses quiet hours in an unknown time zone or with a malformed clock", async () => {
    for (const quietHours of [
      { start: "22:00", end: "07:00", timeZone: "Mars/Olympus" },
      { start: "25:00", end: "07:00", timeZone: "UTC" },
    ]) {
      expect((await s.call("PUT", "/v1/push/quiet-hours", { token: w.token.alice, json: { quietHours } })).status).toBe(400);
    }
  });

  it("says only 'New message' when the workspace hides previews", async () => {
    expect((await s.call("PATCH", "/v1/workspace/settings", { token: w.token.admin, json: { hidePushPreview: true } })).status).toBe(200);
    const { pushed } = await textAndPushes(w.mainLine, "+14155550142", "My card number is ...", ["alice"]);
    expect(pushed.alice.body).toBe("New message");
    await s.call("PATCH", "/v1/workspace/settings", { token: w.token.admin, json: { hidePushPreview: false } });
  });
});

describe("the push request", () => {
  it("is signed with the server's VAPID key for the push service's origin, and carries a TTL and the conversation's Topic", async () => {
    const before = push.requests.length;
    const { message } = await textAndPushes(w.mainLine, "+14155550142", "Check the JWT", ["alice"]);
    const req = push.requests.slice(before).find((r) => r.clientHash === device.alice.clientHash)!;
    expect(req.headers["x-content-encoding"]).toBe("aes128gcm");
    expect(Number(req.headers.ttl)).toBeGreaterThan(0);
    expect(req.headers.topic).toBe(topicOf(message));
    const [, jwt, key] = /^vapid t=([^,]+), k=(.+)$/.exec(req.headers.authorization!)!;
    expect(key).toBe(publicKey);
    const [header, claims, signature] = jwt.split(".");
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toMatchObject({ aud: push.url, sub: expect.stringMatching(/^(mailto:|https:)/) });
    // The signature checked here too, not only by the test service: ES256 over header.claims with the public key.
    const raw = Buffer.from(publicKey, "base64url");
    const jwk = { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33).toString("base64url") };
    const verified = crypto.verify(
      "sha256",
      Buffer.from(`${header}.${claims}`),
      { key: crypto.createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" },
      Buffer.from(signature, "base64url"),
    );
    expect(verified).toBe(true);
  });

  it("removes a device whose subscription the push service answers 410 for", async () => {
    await push.expire(device.bob.clientHash);
    await textIn(s, w.token.admin, w.mainLine, "+14155550145", "Bob's phone is gone");
    const until = Date.now() + 5000;
    let devices = [1];
    while (devices.length > 0 && Date.now() < until) {
      devices = (await s.call("GET", "/v1/push/subscriptions", { token: w.token.bob })).body.devices;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(devices).toEqual([]);
  });
});
