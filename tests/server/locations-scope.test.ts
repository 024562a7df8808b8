// Issue 18: what each role of the demo organisation sees and administers. Downtown (Main, Support) and
// Uptown are in the Bay Area region, the Airport in none. Rita manages the region, Lars administers
// Downtown, Ari the Airport; Uma works at Uptown, Carl at Uptown and the Airport; bob on Main line only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { openStream } from "./support/stream-client";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { snapshot } from "./support/workspace";

let s: TestServer;
let o: Organisation;
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
});
afterAll(() => s.close());

const as = (who: Who, method: string, path: string, json?: unknown) => s.call(method, path, { token: o.token[who], json });
const inboxNames = async (who: Who) => ((await as(who, "GET", "/v1/inboxes")).body.inboxes as Array<{ name: string }>).map((i) => i.name).sort();

describe("what each role sees", () => {
  it.each([
    ["admin", ["Airport desk", "Main line", "Support line", "Uptown line"]],
    ["otto", ["Airport desk", "Main line", "Support line", "Uptown line"]],
    ["rita", ["Main line", "Support line", "Uptown line"]],
    ["lars", ["Main line", "Support line"]],
    ["ari", ["Airport desk"]],
    ["uma", ["Uptown line"]],
    ["carl", ["Airport desk", "Uptown line"]],
    ["bob", ["Main line"]],
  ] as const)("%s sees the inboxes %j", async (who, names) => {
    expect(await inboxNames(who)).toEqual([...names]);
    const listed = (await as(who, "GET", "/v1/conversations?limit=100")).body.conversations as Array<{ inboxId: string }>;
    const ids = (await as(who, "GET", "/v1/inboxes")).body.inboxes.map((i: { id: string }) => i.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((c) => ids.includes(c.inboxId))).toBe(true);
  });

  it("GET /v1/locations lists the locations a user sees, with their inboxes and whether they administer them", async () => {
    const carl = (await as("carl", "GET", "/v1/locations")).body;
    expect(carl.organisation.name).toBe("Sidetext Demo Co.");
    expect(carl.locations.map((l: { name: string; administered: boolean }) => [l.name, l.administered])).toEqual([
      ["Airport", false],
      ["Uptown", false],
    ]);
    const rita = (await as("rita", "GET", "/v1/locations")).body;
    expect(rita.locations.map((l: { name: string; administered: boolean }) => [l.name, l.administered])).toEqual([
      ["Downtown", true],
      ["Uptown", true],
    ]);
    expect(rita.regions.map((r: { name: string }) => r.name)).toEqual(["Bay Area"]);
    expect((await as("admin", "GET", "/v1/locations")).body.locations).toHaveLength(3);
  });
});

describe("scoped administration", () => {
  it("a location admin changes an inbox of their location, gets 404 for one they cannot see and 403 for one they only work in", async () => {
    expect((await as("lars", "PATCH", `/v1/inboxes/${o.inbox.support}`, { helpText: "Downtown support: reply anytime." })).status).toBe(200);
    const before = await snapshot(s);
    const hidden = await as("lars", "PATCH", `/v1/inboxes/${o.inbox.uptown}`, { name: "Mine" });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({ code: "not_found", message: "Inbox not found" });
    const worksIn = await as("carl", "PATCH", `/v1/inboxes/${o.inbox.uptown}`, { name: "Mine" });
    expect(worksIn.status).toBe(403);
    expect(await snapshot(s)).toEqual(before);
  });

  it("a location admin creates inboxes only in their location, and cannot move one out of it", async () => {
    const made = await as("ari", "POST", "/v1/inboxes", { name: "Airport returns", phoneNumber: "+16505550177", carrier: "simulator" });
    expect(made.status).toBe(201);
    expect(made.body.inbox).toMatchObject({ locationId: o.location.airport, memberIds: [o.userId.ari] });
    const elsewhere = await as("ari", "POST", "/v1/inboxes", { name: "X", phoneNumber: "+16505550178", carrier: "simulator", locationId: o.location.uptown });
    expect(elsewhere.status).toBe(404);
    const moved = await as("ari", "PATCH", `/v1/inboxes/${made.body.inbox.id}`, { locationId: o.location.uptown });
    expect(moved.status).toBe(404);
    const managed = (await as("ari", "GET", "/v1/admin/inboxes")).body.inboxes.map((i: { name: string }) => i.name);
    expect(managed.sort()).toEqual(["Airport desk", "Airport returns"]);
  });

  it("a regional manager administers every location of the region and none outside it", async () => {
    expect((await as("rita", "PUT", `/v1/inboxes/${o.inbox.uptown}/members/${o.userId.bob}`)).status).toBe(200);
    expect((await as("rita", "PUT", `/v1/inboxes/${o.inbox.airport}/members/${o.userId.bob}`)).status).toBe(404);
    expect((await as("rita", "DELETE", `/v1/inboxes/${o.inbox.uptown}/members/${o.userId.bob}`)).status).toBe(200);
  });

  it("an agent administers nothing (403) and organisation settings stay with owners and admins", async () => {
    expect((await as("uma", "GET", "/v1/admin/inboxes")).status).toBe(403);
    expect((await as("lars", "PATCH", "/v1/workspace/settings", { defaultCountry: "GB" })).status).toBe(403);
    expect((await as("lars", "POST", "/v1/locations", { name: "Harbor" })).status).toBe(403);
  });

  it("a location admin adds an agent, makes them a member, and manages only the agents who work only in their locations", async () => {
    const made = await as("ari", "POST", "/v1/users", { email: "kim@demo.test", name: "Kim Ng", role: "agent", password: "kim's first password" });
    expect(made.status).toBe(201);
    expect((await as("ari", "POST", "/v1/users", { email: "kai@demo.test", name: "Kai", role: "admin", password: "kai's first password" })).status).toBe(403);
    expect((await as("ari", "PUT", `/v1/inboxes/${o.inbox.airport}/members/${made.body.user.id}`)).status).toBe(200);
    expect((await as("ari", "PATCH", `/v1/users/${made.body.user.id}`, { name: "Kim N." })).status).toBe(200);
    // Carl also works at Uptown: not Ari's alone.
    const carl = await as("ari", "POST", `/v1/users/${o.userId.carl}/deactivate`);
    expect(carl.status).toBe(403);
    expect(carl.body.error.message).toBe("A location admin can deactivate or reactivate teammates only for agents who work in their locations alone");
    expect((await as("ari", "PATCH", `/v1/users/${made.body.user.id}`, { role: "admin" })).status).toBe(403);
    const listed = (await as("ari", "GET", "/v1/admin/users")).body.users.map((u: { name: string }) => u.name);
    expect(listed.sort()).toEqual(["Ari Cohen", "Kim N."]);
  });
});

describe("changing scoped roles", () => {
  it("is for owners and admins; the user's stream closes and their next request sees the new scope", async () => {
    expect((await as("lars", "PUT", `/v1/users/${o.userId.uma}/staff-roles`, { roles: [] })).status).toBe(403);
    expect(await inboxNames("uma")).toEqual(["Uptown line"]);
    const stream = await openStream(s, o.token.uma);
    const res = await as("otto", "PUT", `/v1/users/${o.userId.uma}/staff-roles`, { roles: [{ role: "location_admin", locationId: o.location.airport }] });
    expect(res.status).toBe(200);
    expect((await stream.closed).code).toBe(4410);
    expect(await inboxNames("uma")).toEqual(["Airport desk", "Airport returns", "Uptown line"]);
    expect((await as("uma", "GET", `/v1/users/${o.userId.uma}/staff-roles`)).body.roles).toEqual([{ role: "location_admin", locationId: o.location.airport }]);
    expect((await as("otto", "PUT", `/v1/users/${o.userId.uma}/staff-roles`, { roles: [] })).status).toBe(200);
    expect(await inboxNames("uma")).toEqual(["Uptown line"]);
  });

  it("refuses an unknown location with 400 and changes nothing", async () => {
    const res = await as("otto", "PUT", `/v1/users/${o.userId.uma}/staff-roles`, { roles: [{ role: "location_admin", locationId: "loc_nope" }] });
    expect(res.status).toBe(400);
    expect(await inboxNames("uma")).toEqual(["Uptown line"]);
  });
});
