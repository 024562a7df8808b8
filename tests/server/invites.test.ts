// Invites by link: owners and admins make them (the link shown once, only its hash stored), list and revoke
// them; the invitee picks a name and password and is signed in; with SMTP configured the link is mailed too
// (to a real local SMTP server). Workspace settings: everyone reads, owners and admins change, in the feed.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { eventsOf } from "./support/demo";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s?.close());

const tokenOf = (url: string) => url.split("/#/invite/")[1];

describe("invites", () => {
  it("makes a link shown once, stores only its hash, and lists the invite as pending", async () => {
    const res = await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "New.Person@Example.com", role: "agent" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ invite: { email: "new.person@example.com", role: "agent", state: "pending", invitedBy: w.userId.admin }, mailed: false });
    expect(res.body.url).toBe(`${s.url}/#/invite/${res.body.token}`);
    const rows = await s.app.ctx.database.db.selectFrom("invite").selectAll().execute();
    expect(rows.map((r) => r.tokenHash)).toContain(createHash("sha256").update(res.body.token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(res.body.token);
    const list = await s.call("GET", "/v1/invites", { token: w.token.admin });
    expect(list.body.invites[0]).toEqual(res.body.invite);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
  });

  it("signs in the invitee with the name and password they chose, once; the workspace hears user.created", async () => {
    const { body } = await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "carol@example.com", role: "admin" } });
    const preview = await s.call("GET", `/v1/invites/${body.token}/preview`);
    expect(preview.body).toEqual({
      invite: { email: "carol@example.com", role: "admin", expiresAt: body.invite.expiresAt, invitedByName: expect.any(String) },
    });
    const accepted = await s.call("POST", `/v1/invites/${body.token}/accept`, { json: { name: "Carol", password: "carols-password" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: "carol@example.com", name: "Carol", role: "admin" });
    expect((await s.call("GET", "/v1/me", { token: accepted.body.token })).status).toBe(200);
    expect(await s.login("carol@example.com", "carols-password")).toBeTruthy();
    const again = await s.call("POST", `/v1/invites/${body.token}/accept`, { json: { name: "Mallory", password: "mallorys-password" } });
    expect(again.status).toBe(404);
    expect((await s.call("GET", `/v1/invites/${body.token}/preview`)).status).toBe(404);
    const joined = (await eventsOf(s, "user.created")).map((e) => e.data);
    expect(joined).toEqual([accepted.body.user]);
    const listed = (await s.call("GET", "/v1/invites", { token: w.token.admin })).body.invites.find((i: { id: string }) => i.id === body.invite.id);
    expect(listed).toMatchObject({ state: "accepted", acceptedUserId: accepted.body.user.id });
  });

  it("refuses a revoked or expired link, and an unknown one, without making a user", async () => {
    const { body: revoked } = await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "dave@example.com", role: "agent" } });
    expect((await s.call("DELETE", `/v1/invites/${revoked.invite.id}`, { token: w.token.admin })).status).toBe(204);
    const { body: expired } = await s.call("POST", "/v1/invites", {
      token: w.token.admin,
      json: { email: "erin@example.com", role: "agent", expiresInDays: 1 },
    });
    await s.app.ctx.database.db
      .updateTable("invite")
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", expired.invite.id)
      .execute();
    for (const token of [revoked.token, expired.token, "stx_not-a-real-invite-token"]) {
      const res = await s.call("POST", `/v1/invites/${token}/accept`, { json: { name: "Someone", password: "password123" } });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/not valid any more/);
    }
    const users = await s.app.ctx.database.db.selectFrom("user").select("email").execute();
    expect(users.map((u) => u.email)).not.toContain("dave@example.com");
    expect(users.map((u) => u.email)).not.toContain("erin@example.com");
    const states = (await s.call("GET", "/v1/invites", { token: w.token.admin })).body.invites.map((i: { email: string; state: string }) => [i.email, i.state]);
    expect(states).toEqual(
      expect.arrayContaining([
        ["dave@example.com", "revoked"],
        ["erin@example.com", "expired"],
      ]),
    );
  });

  it("gives agents 403 for every invite endpoint, lets only an owner invite an owner, and refuses a teammate's email (409)", async () => {
    expect((await s.call("POST", "/v1/invites", { token: w.token.alice, json: { email: "x@example.com", role: "agent" } })).status).toBe(403);
    expect((await s.call("GET", "/v1/invites", { token: w.token.alice })).status).toBe(403);
    const some = (await s.call("GET", "/v1/invites", { token: w.token.admin })).body.invites[0];
    expect((await s.call("DELETE", `/v1/invites/${some.id}`, { token: w.token.alice })).status).toBe(403);
    const carol = await s.login("carol@example.com", "carols-password"); // an admin, from the test above
    expect((await s.call("POST", "/v1/invites", { token: carol, json: { email: "boss@example.com", role: "owner" } })).status).toBe(403);
    expect((await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "boss@example.com", role: "owner" } })).status).toBe(201);
    expect((await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "alice@demo.test", role: "agent" } })).status).toBe(409);
  });

  it("answers 400 for a bad body and a short password, and 409 once the email joined another way", async () => {
    expect((await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "not an email", role: "agent" } })).status).toBe(400);
    expect((await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "a@example.com", role: "boss" } })).status).toBe(400);
    const { body } = await s.call("POST", "/v1/invites", { token: w.token.admin, json: { email: "frank@example.com", role: "agent" } });
    expect((await s.call("POST", `/v1/invites/${body.token}/accept`, { json: { name: "Frank", password: "short" } })).status).toBe(400);
    await s.call("POST", "/v1/users", {
      token: w.token.admin,
      json: { email: "frank@example.com", name: "Frank", role: "agent", password: "franks-password" },
    });
    expect((await s.call("POST", `/v1/invites/${body.token}/accept`, { json: { name: "Frank", password: "franks-password" } })).status).toBe(409);
  });
});

// Each starts a server of its own (on PostgreSQL, a fresh database with the demo): slower than the rest.
describe("invites by mail", { timeout: 60_000 }, () => {
  it("mails the link through SMTP when configured, and still answers with the link", async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, done) {
        let text = "";
        stream.on("data", (c) => (text += c));
        stream.on("end", () => {
          received.push(text);
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    const port = (smtp.server.address() as AddressInfo).port;
    const mailing = await startServer({ smtp: { url: `smtp://127.0.0.1:${port}`, from: "Sidetext <team@example.com>" } });
    try {
      const admin = await mailing.login("admin@demo.test");
      const res = await mailing.call("POST", "/v1/invites", { token: admin, json: { email: "grace@example.com", role: "agent" } });
      expect(res.body.mailed).toBe(true);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/To: grace@example.com/);
      expect(received[0].replace(/=\r?\n/g, "")).toContain(tokenOf(res.body.url));
    } finally {
      await mailing.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });

  it("reports a mail that could not be sent beside the link, and keeps the invite", async () => {
    const mailing = await startServer({ smtp: { url: "smtp://127.0.0.1:1", from: "team@example.com" } });
    try {
      const admin = await mailing.login("admin@demo.test");
      const res = await mailing.call("POST", "/v1/invites", { token: admin, json: { email: "heidi@example.com", role: "agent" } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mailed: false, mailError: expect.stringMatching(/could not be mailed/) });
      expect((await mailing.call("GET", "/v1/invites", { token: admin })).body.invites).toHaveLength(1);
    } finally {
      await mailing.close();
    }
  });
});

describe("workspace settings", () => {
  it("starts from defaults that everyone may read", async () => {
    const res = await s.call("GET", "/v1/workspace/settings", { token: w.token.bob });
    expect(res.body.settings).toMatchObject({ id: "workspace", defaultCountry: "US", hidePushPreview: false, updatedAt: null });
  });

  it("lets an admin change some settings, keeps the others, and records workspace.updated in the feed", async () => {
    const res = await s.call("PATCH", "/v1/workspace/settings", { token: w.token.admin, json: { defaultCountry: "gb", optOutText: "Text STOP to stop" } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ defaultCountry: "GB", optOutText: "Text STOP to stop", helpText: "", hidePushPreview: false });
    expect((await s.call("GET", "/v1/workspace/settings", { token: w.token.alice })).body.settings).toEqual(res.body.settings);
    const events = await eventsOf(s, "workspace.updated");
    expect(events.at(-1)).toMatchObject({ actorId: w.userId.admin, action: "updated", data: res.body.settings });
    const sync = await s.call("GET", "/v1/sync?after=0&limit=1000", { token: w.token.bob });
    expect(sync.body.events.some((e: { type: string }) => e.type === "workspace.updated")).toBe(true);
  });

  it("gives agents 403 and refuses bad values with 400, changing nothing", async () => {
    const before = (await s.call("GET", "/v1/workspace/settings", { token: w.token.admin })).body.settings;
    expect((await s.call("PATCH", "/v1/workspace/settings", { token: w.token.alice, json: { hidePushPreview: true } })).status).toBe(403);
    for (const json of [{ defaultCountry: "Narnia" }, {}, { hidePushPreview: "yes" }, { other: 1 }]) {
      expect((await s.call("PATCH", "/v1/workspace/settings", { token: w.token.admin, json })).status).toBe(400);
    }
    expect((await s.call("GET", "/v1/workspace/settings", { token: w.token.admin })).body.settings).toEqual(before);
  });
});
