import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InboxesResponse, InboxResponse, UsersResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

describe("GET /v1/inboxes", () => {
  it("lists the inboxes a user is a member of, with their members and no credentials", async () => {
    const res = await s.call("GET", "/v1/inboxes", { token: w.token.alice });
    expect(res.status).toBe(200);
    const { inboxes } = InboxesResponse.parse(res.body);
    expect(inboxes.map((i) => i.name)).toEqual(["Main line", "Support line"]);
    const main = inboxes.find((i) => i.name === "Main line")!;
    expect(main).toMatchObject({ id: w.mainLine, phoneNumber: "+14155550100", carrier: "simulator" });
    // Lars is Downtown's location admin (demo-locations.ts) and works Main line too.
    const lars = (await s.app.ctx.database.db.selectFrom("user").select("id").where("email", "=", "lars@demo.test").executeTakeFirstOrThrow()).id;
    expect([...main.memberIds].sort()).toEqual([w.userId.admin, w.userId.alice, w.userId.bob, lars].sort());
    const support = inboxes.find((i) => i.name === "Support line")!;
    expect([...support.memberIds].sort()).toEqual([w.userId.admin, w.userId.alice].sort());
    for (const inbox of res.body.inboxes) expect(Object.keys(inbox)).not.toContain("credentialsEncrypted");
  });

  it("shows bob only Main line", async () => {
    const res = await s.call("GET", "/v1/inboxes", { token: w.token.bob });
    expect(res.body.inboxes.map((i: { id: string }) => i.id)).toEqual([w.mainLine]);
  });
});

describe("GET /v1/inboxes/:id", () => {
  it("answers one inbox to a member", async () => {
    const res = await s.call("GET", `/v1/inboxes/${w.supportLine}`, { token: w.token.alice });
    expect(res.status).toBe(200);
    expect(InboxResponse.parse(res.body).inbox.name).toBe("Support line");
  });

  it("answers 404 to a non-member, the same as for an unknown id", async () => {
    const hidden = await s.call("GET", `/v1/inboxes/${w.supportLine}`, { token: w.token.bob });
    const unknown = await s.call("GET", "/v1/inboxes/inb_nope", { token: w.token.bob });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({ code: "not_found", message: "Inbox not found" });
    expect(unknown.body).toEqual(hidden.body);
  });
});

describe("GET /v1/users", () => {
  it("lists the teammates without password hashes", async () => {
    const res = await s.call("GET", "/v1/users", { token: w.token.bob });
    expect(res.status).toBe(200);
    const { users } = UsersResponse.strict().parse(res.body);
    // The whole demo organisation (demo-locations.ts adds the other locations' people).
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["admin@demo.test", "owner"],
      ["alice@demo.test", "agent"],
      ["ari@demo.test", "agent"],
      ["bob@demo.test", "agent"],
      ["carl@demo.test", "agent"],
      ["lars@demo.test", "agent"],
      ["otto@demo.test", "admin"],
      ["rita@demo.test", "agent"],
      ["uma@demo.test", "agent"],
    ]);
    for (const u of res.body.users) expect(Object.keys(u).sort()).toEqual(["email", "id", "name", "role"]);
  });
});
