// The endpoints the admin console needs beyond the inbox admin API: the inboxes an admin manages with their
// webhook URL, one member added or removed, teammates with their status, and deactivating a teammate.
// Agents get 403 for every one of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { headSeq } from "./support/workspace";

/** The feed's latest events (the demo seed's month of history comes before them). */
const recentFeed = async (server: TestServer, token: string) =>
  server.call("GET", `/v1/sync?after=${Math.max(0, (await headSeq(server)) - 500)}&limit=1000`, { token });

let s: TestServer;
let owner: string;
let ids: Record<"ada" | "alice" | "bob", string>;
let main: { id: string; memberIds: string[] };
beforeAll(async () => {
  s = await startServer();
  owner = await s.login("admin@demo.test");
  const users = (await s.call("GET", "/v1/users", { token: owner })).body.users as Array<{ id: string; email: string }>;
  const idOf = (email: string) => users.find((u) => u.email === email)!.id;
  ids = { ada: idOf("admin@demo.test"), alice: idOf("alice@demo.test"), bob: idOf("bob@demo.test") };
  main = (await s.call("GET", "/v1/inboxes", { token: owner })).body.inboxes.find((i: { name: string }) => i.name === "Main line");
});
afterAll(() => s.close());

const twilio = { accountSid: `AC${"0123456789abcdef".repeat(2)}`, authToken: "f".repeat(32) };

describe("admin console API", () => {
  it("lists every inbox for an owner, even one they are not a member of, with the webhook URL to paste", async () => {
    const created = await s.call("POST", "/v1/inboxes", {
      token: owner,
      json: { name: "Others' line", phoneNumber: "+14155550170", carrier: "twilio", credentials: twilio, memberIds: [ids.bob] },
    });
    expect(created.status).toBe(201);
    const res = await s.call("GET", "/v1/admin/inboxes", { token: owner });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.inboxes.map((i: { name: string }) => [i.name, i]));
    expect(byName["Others' line"]).toMatchObject({ memberIds: [ids.bob], webhookUrl: `${s.url}/webhooks/twilio/${created.body.inbox.id}` });
    expect(byName["Main line"].webhookUrl).toBeNull(); // the simulator needs none
    expect(JSON.stringify(res.body)).not.toContain(twilio.authToken);
  });

  it("lists every inbox for an admin (an organisation admin: every location, issue 18)", async () => {
    const promoted = await s.call("PATCH", `/v1/users/${ids.bob}`, { token: owner, json: { role: "admin" } });
    expect(promoted.body.user.role).toBe("admin");
    const feed = (await recentFeed(s, owner)).body.events as Array<{
      type: string;
      data: { id: string; role: string };
    }>;
    expect(feed.filter((e) => e.type === "user.updated").map((e) => [e.data.id, e.data.role])).toEqual([[ids.bob, "admin"]]);
    const bob = await s.login("bob@demo.test");
    const res = await s.call("GET", "/v1/admin/inboxes", { token: bob });
    expect(res.body.inboxes.map((i: { name: string }) => i.name).sort()).toEqual(["Airport desk", "Main line", "Others' line", "Support line", "Uptown line"]);
    await s.call("PATCH", `/v1/users/${ids.bob}`, { token: owner, json: { role: "agent" } });
  });

  it("adds and removes one member, leaving the others as they are", async () => {
    const support = (await s.call("GET", "/v1/admin/inboxes", { token: owner })).body.inboxes.find((i: { name: string }) => i.name === "Support line");
    const added = await s.call("PUT", `/v1/inboxes/${support.id}/members/${ids.bob}`, { token: owner });
    expect(added.status).toBe(200);
    expect([...added.body.inbox.memberIds].sort()).toEqual([ids.ada, ids.alice, ids.bob].sort());
    expect((await s.call("PUT", `/v1/inboxes/${support.id}/members/${ids.bob}`, { token: owner })).body.inbox.memberIds).toHaveLength(3);
    const removed = await s.call("DELETE", `/v1/inboxes/${support.id}/members/${ids.alice}`, { token: owner });
    expect([...removed.body.inbox.memberIds].sort()).toEqual([ids.ada, ids.bob].sort());
    // Alice no longer sees it.
    const aliceToken = await s.login("alice@demo.test");
    expect((await s.call("GET", `/v1/inboxes/${support.id}`, { token: aliceToken })).status).toBe(404);
    await s.call("PUT", `/v1/inboxes/${support.id}/members/${ids.alice}`, { token: owner });
  });

  it("answers 404 for an unknown inbox or user and changes nothing", async () => {
    expect((await s.call("PUT", `/v1/inboxes/inb_missing/members/${ids.bob}`, { token: owner })).status).toBe(404);
    const res = await s.call("PUT", `/v1/inboxes/${main.id}/members/usr_missing`, { token: owner });
    expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect((await s.call("GET", `/v1/inboxes/${main.id}`, { token: owner })).body.inbox.memberIds).toHaveLength(4); // admin, alice, bob and Lars (Downtown's admin)
  });

  it("lists teammates with when they joined and whether they are deactivated", async () => {
    const res = await s.call("GET", "/v1/admin/users", { token: owner });
    expect(res.status).toBe(200);
    expect(res.body.users.find((u: { id: string }) => u.id === ids.alice)).toEqual({
      id: ids.alice,
      email: "alice@demo.test",
      name: "Alice Chen",
      role: "agent",
      createdAt: expect.any(String),
      deactivatedAt: null,
      lockedUntil: null,
    });
  });

  it("deactivates a teammate: signed out at once, refused at sign-in, back after reactivation", async () => {
    const bob = await s.login("bob@demo.test");
    const res = await s.call("POST", `/v1/users/${ids.bob}/deactivate`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.body.user.deactivatedAt).toEqual(expect.any(String));
    expect((await s.call("GET", "/v1/me", { token: bob })).status).toBe(401);
    const signIn = await s.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "sidetext-demo" } });
    expect(signIn).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: expect.stringMatching(/deactivated/) } } });
    // A wrong password is still just a wrong password: the status is told only to whoever knows it.
    expect((await s.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "wrong-password" } })).status).toBe(401);
    const listed = (await s.call("GET", "/v1/admin/users", { token: owner })).body.users.find((u: { id: string }) => u.id === ids.bob);
    expect(listed.deactivatedAt).toBe(res.body.user.deactivatedAt);
    expect((await s.call("POST", `/v1/users/${ids.bob}/reactivate`, { token: owner })).body.user.deactivatedAt).toBeNull();
    expect((await s.call("GET", "/v1/me", { token: await s.login("bob@demo.test") })).status).toBe(200);
    // Both changes are in the feed, with who did them: the audit trail.
    const feed = (await recentFeed(s, owner)).body.events as Array<{
      type: string;
      action: string;
      actorId: string;
      data: { id: string };
    }>;
    const bobEvents = feed.filter((e) => e.type === "user.updated" && e.data.id === ids.bob && /activated/.test(e.action));
    expect(bobEvents.map((e) => [e.action, e.actorId])).toEqual([
      ["deactivated", ids.ada],
      ["reactivated", ids.ada],
    ]);
  });

  it("refuses to deactivate yourself (409) or an unknown user (404)", async () => {
    expect((await s.call("POST", `/v1/users/${ids.ada}/deactivate`, { token: owner })).status).toBe(409);
    expect((await s.call("POST", "/v1/users/usr_missing/deactivate", { token: owner })).status).toBe(404);
    expect((await s.call("GET", "/v1/me", { token: owner })).status).toBe(200);
  });

  it("lets an admin deactivate an agent but not an owner", async () => {
    await s.call("PATCH", `/v1/users/${ids.bob}`, { token: owner, json: { role: "admin" } });
    const bob = await s.login("bob@demo.test");
    expect((await s.call("POST", `/v1/users/${ids.ada}/deactivate`, { token: bob })).status).toBe(403);
    expect((await s.call("POST", `/v1/users/${ids.alice}/deactivate`, { token: bob })).status).toBe(200);
    expect((await s.call("POST", `/v1/users/${ids.alice}/reactivate`, { token: bob })).status).toBe(200);
    await s.call("PATCH", `/v1/users/${ids.bob}`, { token: owner, json: { role: "agent" } });
  });

  it.each([
    ["GET", "/v1/admin/inboxes"],
    ["GET", "/v1/admin/users"],
    ["PUT", "/v1/inboxes/{main}/members/{bob}"],
    ["DELETE", "/v1/inboxes/{main}/members/{bob}"],
    ["POST", "/v1/users/{bob}/deactivate"],
    ["POST", "/v1/users/{bob}/reactivate"],
    ["POST", "/v1/users/{bob}/unlock"],
  ])("answers 403 to an agent for %s %s and changes nothing", async (method, path) => {
    const agentToken = await s.login("alice@demo.test");
    const res = await s.call(method, path.replace("{main}", main.id).replace("{bob}", ids.bob), { token: agentToken });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await s.call("GET", `/v1/inboxes/${main.id}`, { token: owner })).body.inbox.memberIds).toHaveLength(4); // admin, alice, bob and Lars (Downtown's admin)
    expect((await s.call("GET", "/v1/me", { token: await s.login("bob@demo.test") })).status).toBe(200);
  });
});

describe("unlocking a teammate", () => {
  let locked: TestServer;
  beforeAll(async () => {
    locked = await startServer({ loginAccountLimit: 2 });
  });
  afterAll(() => locked.close());

  it("shows until when failed sign-ins lock someone out, and an admin's unlock lets them sign in again", async () => {
    const ownerToken = await locked.login("admin@demo.test");
    for (let i = 0; i < 2; i++) await locked.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "wrong-password" } });
    expect((await locked.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "sidetext-demo" } })).status).toBe(429);
    const users = (await locked.call("GET", "/v1/admin/users", { token: ownerToken })).body.users as Array<{
      email: string;
      id: string;
      lockedUntil: string | null;
    }>;
    const bob = users.find((u) => u.email === "bob@demo.test")!;
    expect(Date.parse(bob.lockedUntil!)).toBeGreaterThan(Date.now());
    expect(users.filter((u) => u.lockedUntil !== null)).toHaveLength(1);
    const agentToken = await locked.login("alice@demo.test");
    expect((await locked.call("POST", `/v1/users/${bob.id}/unlock`, { token: agentToken })).status).toBe(403);
    const res = await locked.call("POST", `/v1/users/${bob.id}/unlock`, { token: ownerToken });
    expect(res).toMatchObject({ status: 200, body: { user: { id: bob.id, lockedUntil: null } } });
    expect((await locked.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "sidetext-demo" } })).status).toBe(200);
    expect((await locked.call("POST", "/v1/users/usr_missing/unlock", { token: ownerToken })).status).toBe(404);
    const feed = (await recentFeed(locked, agentToken)).body.events as Array<{ type: string; action: string }>;
    expect(feed.filter((e) => e.type === "user.updated").map((e) => e.action)).toEqual(["unlocked"]);
  });
});
