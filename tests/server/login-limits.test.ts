// Issue 12 item 2: a client cannot pick its own address (TRUST_PROXY), one account meets a limit from any
// number of addresses and unlocks by time, and password hashing is capped so sign-ins cannot drain the CPU.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseTrustProxy } from "../../server/config";
import { HashSlots } from "../../server/auth/hash-slots";
import { startServer, sleep, type TestServer } from "../support/server";

let s: TestServer;
beforeAll(async () => {
  // Every attempt from its own (trusted, forwarded) address: only the per-account limit can stop them.
  s = await startServer({ trustProxy: ["127.0.0.1"], loginAccountLimit: 3, loginLockMs: 5000 });
});
afterAll(() => s.close());

let n = 0;
async function attempt(email: string, password: string) {
  // fetch directly (not s.call) to see the response headers too.
  const res = await fetch(`${s.url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${++n % 250}` },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) };
}

describe("failed sign-ins per account", () => {
  it("lock the account after the limit from rotating addresses, even for the right password, naming when it unlocks", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt("bob@demo.test", "guess")).status);
    expect(statuses).toEqual([401, 401, 401]);
    const locked = await attempt("bob@demo.test", "sidetext-demo");
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("rate_limited");
    expect(locked.body.error.message).toMatch(/^This account is locked after 3 failed sign-ins; try again after \d\d:\d\d UTC \(in 1 minute\)$/);
    expect(Date.parse(locked.body.error.details.lockedUntil)).toBeGreaterThan(Date.now());
    expect(locked.headers["retry-after"]).toMatch(/^[1-5]$/);
    // Other accounts sign in as usual.
    expect((await attempt("alice@demo.test", "sidetext-demo")).status).toBe(200);
  });

  it("unlock by time", async () => {
    // The server's clock jumps past the 5 s lock (only Date is faked; it keeps moving, sockets run for real).
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + 5100);
      expect((await attempt("bob@demo.test", "sidetext-demo")).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("start again after a successful sign-in", async () => {
    for (let i = 0; i < 2; i++) await attempt("admin@demo.test", "guess");
    expect((await attempt("admin@demo.test", "sidetext-demo")).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt("admin@demo.test", "guess")).status).toBe(401);
    expect((await attempt("admin@demo.test", "sidetext-demo")).status).toBe(200);
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["off", false],
    ["1", 1],
    ["2", 2],
    ["10.0.0.5, 10.1.0.0/16", ["10.0.0.5", "10.1.0.0/16"]],
    ["loopback,::1", ["loopback", "::1"]],
  ])("reads %j as %j", (raw, expected) => expect(parseTrustProxy(raw)).toEqual(expected));

  it.each(["true", "10.0.0.300", "10.0.0.0/33", "proxy.example.com"])("refuses %j with a clear message", (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(/^TRUST_PROXY: .*give a hop count \(1\) or the proxies' addresses/);
  });
});

describe("password hashing slots", () => {
  it("run at most `concurrency` hashes at once, queue a few, and refuse the rest with 429 at once", async () => {
    const slots = new HashSlots(2, 3);
    let running = 0;
    let most = 0;
    const work = () =>
      slots.run(async () => {
        most = Math.max(most, ++running);
        await sleep(30);
        running--;
        return "ok";
      });
    const results = await Promise.allSettled(Array.from({ length: 8 }, work));
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => r.reason.code)).toEqual(["rate_limited", "rate_limited", "rate_limited"]);
    expect(await work()).toBe("ok"); // the slots are free again
  });
});
