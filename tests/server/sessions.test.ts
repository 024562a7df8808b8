// Issue 12 item 11: a user sees their sessions (devices) and ends one or all; changing the password ends the
// others; a session unused for the idle timeout signs out. An ended session stops at once: the very next
// request is refused (no remembered token check) and its open stream is closed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionsResponse } from "../../src/protocol/account";
import { sleep, startServer, type TestServer } from "../support/server";
import { openStream } from "./support/stream-client";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

async function signIn(email: string, device: string, password = "sidetext-demo") {
  const res = await s.call("POST", "/v1/auth/login", { json: { email, password }, headers: { "user-agent": device } });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return res.body.token as string;
}
const me = (token: string) => s.call("GET", "/v1/me", { token });
const sessionsOf = async (token: string) => SessionsResponse.strict().parse((await s.call("GET", "/v1/auth/sessions", { token })).body).sessions;

describe("GET /v1/auth/sessions", () => {
  it("lists the user's own sessions with device, times and which is this one, and no token or hash", async () => {
    const laptop = await signIn("alice@demo.test", "Mozilla/5.0 (Macintosh) Chrome/150 laptop");
    await signIn("alice@demo.test", "Mozilla/5.0 (Android) phone");
    await signIn("bob@demo.test", "bob's browser");
    const res = await s.call("GET", "/v1/auth/sessions", { token: laptop });
    expect(res.status).toBe(200);
    const sessions = SessionsResponse.parse(res.body).sessions;
    expect(sessions.map((x) => x.userAgent).sort()).toEqual(["Mozilla/5.0 (Android) phone", "Mozilla/5.0 (Macintosh) Chrome/150 laptop"]);
    expect(sessions.filter((x) => x.current).map((x) => x.userAgent)).toEqual(["Mozilla/5.0 (Macintosh) Chrome/150 laptop"]);
    for (const x of res.body.sessions) {
      expect(Object.keys(x).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "lastUsedAt", "userAgent"]);
      expect(x.id).toMatch(/^ses_/);
    }
  });
});

describe("DELETE /v1/auth/sessions/:id", () => {
  it("signs one device out at once: its next request is 401 and its stream closes 4401; the others go on", async () => {
    const keep = await signIn("admin@demo.test", "desk");
    const lost = await signIn("admin@demo.test", "lost phone");
    expect((await me(lost)).status).toBe(200); // remembered by the token check cache
    const stream = await openStream(s, lost);
    const id = (await sessionsOf(keep)).find((x) => x.userAgent === "lost phone")!.id;
    const res = await s.call("DELETE", `/v1/auth/sessions/${id}`, { token: keep });
    expect(res.status).toBe(204);
    expect((await me(lost)).status).toBe(401);
    expect((await stream.closed).code).toBe(4401);
    expect((await me(keep)).status).toBe(200);
    expect((await sessionsOf(keep)).map((x) => x.userAgent)).not.toContain("lost phone");
  });

  it("answers 404 for another user's session, which goes on", async () => {
    const bob = await signIn("bob@demo.test", "bob desk");
    const alice = await signIn("alice@demo.test", "alice desk");
    const bobsId = (await sessionsOf(bob)).find((x) => x.current)!.id;
    const res = await s.call("DELETE", `/v1/auth/sessions/${bobsId}`, { token: alice });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: "not_found", message: "Session not found" });
    expect((await me(bob)).status).toBe(200);
  });
});

describe("DELETE /v1/auth/sessions (sign out everywhere)", () => {
  it("ends every session of the user, this one too, and no one else's", async () => {
    const tokens = [await signIn("alice@demo.test", "one"), await signIn("alice@demo.test", "two")];
    const bob = await signIn("bob@demo.test", "bob");
    for (const t of tokens) expect((await me(t)).status).toBe(200);
    expect((await s.call("DELETE", "/v1/auth/sessions", { token: tokens[0] })).status).toBe(204);
    for (const t of tokens) expect((await me(t)).status).toBe(401);
    expect((await me(bob)).status).toBe(200);
  });
});

describe("POST /v1/auth/password", () => {
  it("refuses a wrong current password with 403 and changes nothing", async () => {
    const token = await signIn("bob@demo.test", "bob");
    const res = await s.call("POST", "/v1/auth/password", { token, json: { currentPassword: "nope", newPassword: "a new long password" } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("Your current password is not right; the password was not changed");
    expect((await s.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "sidetext-demo" } })).status).toBe(200);
  });

  it("refuses a new password under 8 characters with 400", async () => {
    const token = await signIn("bob@demo.test", "bob");
    const res = await s.call("POST", "/v1/auth/password", { token, json: { currentPassword: "sidetext-demo", newPassword: "short" } });
    expect(res.status).toBe(400);
  });

  it("changes it and signs out the user's other sessions, keeping this one", async () => {
    const here = await signIn("bob@demo.test", "here");
    const elsewhere = await signIn("bob@demo.test", "elsewhere");
    const stream = await openStream(s, elsewhere);
    const res = await s.call("POST", "/v1/auth/password", { token: here, json: { currentPassword: "sidetext-demo", newPassword: "bob's new password" } });
    expect(res.status).toBe(200);
    expect(res.body.signedOutSessions).toBeGreaterThanOrEqual(1);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await stream.closed).code).toBe(4401);
    expect((await me(here)).status).toBe(200);
    expect((await s.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "sidetext-demo" } })).status).toBe(401);
    expect((await s.call("POST", "/v1/auth/login", { json: { email: "bob@demo.test", password: "bob's new password" } })).status).toBe(200);
  });
});

// The idle timeout on the server's own clock: only Date is faked (it moves on in real time too), so the test
// jumps it forward instead of waiting out 3 s; timers, sockets and SQLite run for real. The stream's expiry
// check still ticks every real second (stream/access-guard.ts).
describe("the idle timeout", () => {
  let idle: TestServer;
  beforeAll(async () => {
    idle = await startServer({ sessionIdleMs: 3000 });
  });
  beforeEach(() => void vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true }));
  afterEach(() => void vi.useRealTimers());
  afterAll(() => idle.close());
  const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it("keeps a session that is used, past the timeout, and moves its last use", async () => {
    const token = await idle.login("alice@demo.test");
    const [first] = SessionsResponse.parse((await idle.call("GET", "/v1/auth/sessions", { token })).body).sessions;
    for (let i = 0; i < 8; i++) {
      later(500);
      expect((await idle.call("GET", "/v1/me", { token })).status).toBe(200);
    }
    const [last] = SessionsResponse.parse((await idle.call("GET", "/v1/auth/sessions", { token })).body).sessions;
    expect(last.lastUsedAt > first.lastUsedAt).toBe(true);
    expect(last.expiresAt > first.expiresAt).toBe(true);
  });

  it("keeps a stream open past its first idle deadline while the session is used, and ends it once unused", async () => {
    const token = await idle.login("admin@demo.test");
    const stream = await openStream(idle, token);
    let closedAt = 0;
    void stream.closed.then(() => {
      closedAt = Date.now();
    });
    for (let i = 0; i < 8; i++) {
      later(500);
      expect((await idle.call("GET", "/v1/me", { token })).status).toBe(200);
    }
    await sleep(1100); // one expiry check, with the deadline moved by the use: still open
    expect(closedAt).toBe(0);
    const lastUse = Date.now();
    later(3100);
    expect((await stream.closed).code).toBe(4401);
    expect(closedAt - lastUse).toBeGreaterThan(3000);
  });

  it("signs out a session unused for longer than the timeout, with 401", async () => {
    const token = await idle.login("bob@demo.test");
    later(3200);
    const res = await idle.call("GET", "/v1/me", { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});
