import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginResponse, MeResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { snapshot } from "./support/workspace";

let s: TestServer;
beforeAll(async () => {
  // Low enough to reach in a test; other tests sign in from 127.0.0.1 a few times per email, below it.
  s = await startServer({ loginRateLimit: 5 });
});
afterAll(() => s.close());

const login = (email: string, password: string, headers?: Record<string, string>) => s.call("POST", "/v1/auth/login", { json: { email, password }, headers });

describe("POST /v1/auth/login", () => {
  it("answers a token and the user for the right password", async () => {
    const res = await login("Alice@Demo.test", "sidetext-demo");
    expect(res.status).toBe(200);
    const body = LoginResponse.strict().parse(res.body);
    expect(body.user).toEqual({ id: expect.any(String), email: "alice@demo.test", name: "Alice Chen", role: "agent" });
    expect(body.token).toMatch(/^stx_/);
  });

  it("stores only a hash of the token, valid until the idle timeout (14 days by default)", async () => {
    const { token } = (await login("bob@demo.test", "sidetext-demo")).body;
    const rows = await s.app.ctx.database.db.selectFrom("apiToken").selectAll().execute();
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    const newest = rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)!;
    const days = (Date.parse(newest.expiresAt) - Date.parse(newest.createdAt)) / 86_400_000;
    expect(days).toBe(14);
  });

  it("refuses a wrong password with 401 unauthorized and issues no token", async () => {
    const before = await snapshot(s);
    const res = await login("admin@demo.test", "wrong", { "x-forwarded-for": "10.0.0.1" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    expect((await snapshot(s)).counts.apiToken).toBe(before.counts.apiToken);
  });

  it("refuses an unknown email with the same 401", async () => {
    const res = await login("nobody@demo.test", "sidetext-demo", { "x-forwarded-for": "10.0.0.2" });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: "unauthorized", message: "Wrong email or password" });
  });

  it("believes no X-Forwarded-For by default: a new one per attempt does not reset the limit", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login("carol@demo.test", "guess", { "x-forwarded-for": `10.9.0.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await login("carol@demo.test", "sidetext-demo", { "x-forwarded-for": "10.9.1.1" });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many sign-in attempts; try again in \d+ seconds?$/),
    });
  });
});

describe.each([[["127.0.0.1"]], [1]])("POST /v1/auth/login behind a trusted proxy (TRUST_PROXY %j)", (trustProxy) => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startServer({ loginRateLimit: 5, trustProxy });
  });
  afterAll(() => proxied.close());
  const via = (ip: string, email: string, password: string) =>
    proxied.call("POST", "/v1/auth/login", { json: { email, password }, headers: { "x-forwarded-for": ip } });

  it("rate-limits per forwarded address and email, other emails and addresses unaffected", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await via("10.0.0.9", "alice@demo.test", "guess")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await via("10.0.0.9", "alice@demo.test", "sidetext-demo")).status).toBe(429);
    expect((await via("10.0.0.9", "bob@demo.test", "sidetext-demo")).status).toBe(200);
    expect((await via("10.0.0.10", "alice@demo.test", "sidetext-demo")).status).toBe(200);
  });
});

describe("POST /v1/auth/logout", () => {
  it("ends the session: the token no longer works", async () => {
    const token = await s.login("bob@demo.test");
    expect((await s.call("GET", "/v1/me", { token })).status).toBe(200);
    const res = await s.call("POST", "/v1/auth/logout", { token });
    expect(res.status).toBe(204);
    const after = await s.call("GET", "/v1/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");
  });

  it("leaves the user's other sessions signed in", async () => {
    const [one, two] = [await s.login("admin@demo.test"), await s.login("admin@demo.test")];
    await s.call("POST", "/v1/auth/logout", { token: one });
    expect((await s.call("GET", "/v1/me", { token: two })).status).toBe(200);
  });
});

describe("GET /v1/me", () => {
  it("answers the user and only the inboxes they are a member of", async () => {
    const res = await s.call("GET", "/v1/me", { token: await s.login("bob@demo.test") });
    expect(res.status).toBe(200);
    const body = MeResponse.parse(res.body);
    expect(body.user.email).toBe("bob@demo.test");
    expect(body.inboxes.map((i) => i.name)).toEqual(["Main line"]);
    expect(body.inboxes[0]).not.toHaveProperty("credentialsEncrypted");
  });

  it("needs a token: 401 unauthorized without one", async () => {
    const res = await s.call("GET", "/v1/me");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("refuses an expired token with 401", async () => {
    const token = await s.login("alice@demo.test");
    const { db } = s.app.ctx.database;
    const { hashToken } = await import("../../server/auth/passwords");
    await db
      .updateTable("apiToken")
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where("tokenHash", "=", hashToken(token))
      .execute();
    const res = await s.call("GET", "/v1/me", { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});
