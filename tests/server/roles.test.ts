// Issue 12 item 11: only an owner changes an owner or makes one, and the workspace keeps an owner; an admin
// (issue 18) manages every location's inboxes. A role change reaches open streams and cached checks at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { snapshot, workspace, type Workspace } from "./support/workspace";
import { openStream } from "./support/stream-client";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const patchUser = (token: string, id: string, json: unknown) => s.call("PATCH", `/v1/users/${id}`, { token, json });
const roleOf = async (token: string) => (await s.call("GET", "/v1/me", { token })).body.user.role;

describe("PATCH /v1/users/:id", () => {
  it("is refused to an agent with 403, changing nothing", async () => {
    const before = await snapshot(s);
    const res = await patchUser(w.token.bob, w.userId.alice, { role: "admin" });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("Only owners and admins can change teammates");
    expect(await snapshot(s)).toEqual(before);
  });

  it("lets the owner make alice an admin; her stream closes for a fresh bootstrap and her next request sees the role", async () => {
    expect(await roleOf(w.token.alice)).toBe("agent"); // remembered by the token check cache
    const stream = await openStream(s, w.token.alice);
    const res = await patchUser(w.token.admin, w.userId.alice, { role: "admin" });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: w.userId.alice, role: "admin" });
    expect((await stream.closed).code).toBe(4410);
    expect(await roleOf(w.token.alice)).toBe("admin");
  });

  it("does not let an admin change an owner or make one (403)", async () => {
    const before = await snapshot(s);
    for (const [id, json] of [
      [w.userId.admin, { role: "agent" }],
      [w.userId.admin, { name: "Not Ada" }],
      [w.userId.bob, { role: "owner" }],
    ] as const) {
      const res = await patchUser(w.token.alice, id, json);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe("Only an owner can change an owner or make someone an owner");
    }
    expect(await snapshot(s)).toEqual(before);
  });

  it("lets an admin change an agent", async () => {
    const res = await patchUser(w.token.alice, w.userId.bob, { name: "Bob R." });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: "Bob R.", role: "agent" });
  });

  it("keeps the last owner an owner (409), until there is another", async () => {
    const before = await snapshot(s);
    const res = await patchUser(w.token.admin, w.userId.admin, { role: "admin" });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: "conflict", message: "Ada Admin is the workspace's only owner: make someone else an owner first" });
    expect(await snapshot(s)).toEqual(before);
    expect((await patchUser(w.token.admin, w.userId.alice, { role: "owner" })).status).toBe(200);
    expect((await patchUser(w.token.admin, w.userId.admin, { role: "admin" })).status).toBe(200);
    // Back as it was, for the tests below: alice (now the owner) makes Ada owner again, then alice admin.
    expect((await patchUser(w.token.alice, w.userId.admin, { role: "owner" })).status).toBe(200);
    expect((await patchUser(w.token.admin, w.userId.alice, { role: "admin" })).status).toBe(200);
  });

  it("answers 404 for an unknown user and 400 for an unknown role", async () => {
    expect((await patchUser(w.token.admin, "usr_nope", { role: "agent" })).status).toBe(404);
    expect((await patchUser(w.token.admin, w.userId.bob, { role: "superuser" })).status).toBe(400);
  });
});

describe("POST /v1/users", () => {
  const dana = { email: "Dana@Example.com", name: "Dana Diaz", role: "agent", password: "dana's first password" };

  it("adds a teammate for an admin, who signs in with the password given", async () => {
    const res = await s.call("POST", "/v1/users", { token: w.token.alice, json: dana });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.stringMatching(/^usr_/), email: "dana@example.com", name: "Dana Diaz", role: "agent" });
    expect((await s.call("POST", "/v1/auth/login", { json: { email: "dana@example.com", password: dana.password } })).status).toBe(200);
    expect((await s.call("POST", "/v1/users", { token: w.token.alice, json: dana })).status).toBe(409);
  });

  it("lets only an owner add an owner, and no agent add anyone", async () => {
    const before = await snapshot(s);
    const owner = await s.call("POST", "/v1/users", { token: w.token.alice, json: { ...dana, email: "erin@example.com", role: "owner" } });
    expect(owner.status).toBe(403);
    const byAgent = await s.call("POST", "/v1/users", { token: w.token.bob, json: { ...dana, email: "erin@example.com" } });
    expect(byAgent.status).toBe(403);
    expect(await snapshot(s)).toEqual(before);
  });
});

describe("an admin and inboxes", () => {
  // Issue 18: an admin is an organisation admin: every location's inboxes, a member or not. Scoped
  // administration (a location admin, a regional manager) is tested in locations-scope.test.ts.
  let bobAdmin: string;
  beforeAll(async () => {
    expect((await patchUser(w.token.admin, w.userId.bob, { role: "admin" })).status).toBe(200);
    bobAdmin = await s.login("bob@demo.test");
  });

  it("changes an inbox they are a member of", async () => {
    const res = await s.call("PATCH", `/v1/inboxes/${w.mainLine}`, { token: bobAdmin, json: { name: "Main line" } });
    expect(res.status).toBe(200);
  });

  it("changes and sees an inbox they are not a member of", async () => {
    const res = await s.call("PATCH", `/v1/inboxes/${w.supportLine}`, { token: bobAdmin, json: { helpText: "Support: we answer within a day." } });
    expect(res.status).toBe(200);
    expect((await s.call("GET", `/v1/inboxes/${w.supportLine}`, { token: bobAdmin })).status).toBe(200);
  });

  it("creates an inbox for others, and works in the ones they create unless they name the members", async () => {
    const others = await s.call("POST", "/v1/inboxes", {
      token: bobAdmin,
      json: { name: "Side", phoneNumber: "+14155550181", carrier: "simulator", memberIds: [w.userId.alice] },
    });
    expect(others.status).toBe(201);
    const own = await s.call("POST", "/v1/inboxes", { token: bobAdmin, json: { name: "Own", phoneNumber: "+14155550183", carrier: "simulator" } });
    expect(own.status).toBe(201);
    expect(own.body.inbox.memberIds).toEqual([w.userId.bob]);
  });

  it("as the owner does: any inbox, a member or not", async () => {
    const made = await s.call("POST", "/v1/inboxes", {
      token: w.token.admin,
      json: { name: "Others", phoneNumber: "+14155550182", carrier: "simulator", memberIds: [w.userId.alice] },
    });
    expect(made.status).toBe(201);
    expect((await s.call("PATCH", `/v1/inboxes/${made.body.inbox.id}`, { token: w.token.admin, json: { name: "Others'" } })).status).toBe(200);
    expect((await s.call("PATCH", `/v1/inboxes/${made.body.inbox.id}`, { token: bobAdmin, json: { name: "Mine now" } })).status).toBe(200);
  });

  it("loses every inbox but their own when made an agent again", async () => {
    expect((await patchUser(w.token.admin, w.userId.bob, { role: "agent" })).status).toBe(200);
    const res = await s.call("PATCH", `/v1/inboxes/${w.supportLine}`, { token: bobAdmin, json: { name: "Mine" } });
    expect(res.status).toBe(403);
    expect((await s.call("GET", `/v1/inboxes/${w.supportLine}`, { token: bobAdmin })).status).toBe(404);
  });
});
