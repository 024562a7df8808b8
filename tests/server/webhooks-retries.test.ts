// Webhook retries on an injectable clock: the Standard Webhooks schedule with jitter until the delivery
// fails, Retry-After honoured, 410 switching the endpoint off, and a conversation's deliveries in order
// while an earlier one is being retried. The first attempt is the server's own (real time); later ones are
// driven by sendDueWebhooks with a clock jumped to each retry's time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";
import { workspace, type Workspace } from "./support/workspace";
import { textIn } from "./support/demo";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { sendDueWebhooks } from "../../server/integrations/webhooks/webhook-sender";

let s: TestServer;
let w: Workspace;
let r: Receiver;
// The timer stays out of the way (a minute); committed events and the test endpoint still wake the sender.
beforeAll(async () => {
  [s, r] = await Promise.all([startServer({ tickMs: 60_000 }), startReceiver()]);
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await r?.close();
});
beforeEach(() => {
  r.received.length = 0;
});

const SCHEDULE_S = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];
const endpoint = async (eventTypes = ["message.created"]) =>
  (await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url: r.url, eventTypes } })).body.endpoint.id as string;
const log = async (id: string) => (await s.call("GET", `/v1/webhooks/${id}/deliveries`, { token: w.token.admin })).body.deliveries;
const remove = (id: string) => s.call("DELETE", `/v1/webhooks/${id}`, { token: w.token.admin });

describe("webhook retries", () => {
  it("retries a failing delivery after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (±10 %), then marks it failed", async () => {
    r.answer = { status: 500, body: "boom" };
    const id = await endpoint();
    await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin });
    await waitFor("the first attempt", async () => (await log(id))[0]?.attempts === 1);
    let [d] = await log(id);
    let clock = Date.parse(d.attemptLog[0].at);
    for (const [i, wait] of SCHEDULE_S.entries()) {
      const gap = (Date.parse(d.nextAttemptAt) - clock) / 1000;
      expect(gap, `wait before attempt ${i + 2}`).toBeGreaterThanOrEqual(wait * 0.9 - 0.01);
      expect(gap).toBeLessThanOrEqual(wait * 1.1 + 0.01);
      // Not due a second early, due at its time.
      const early = Date.parse(d.nextAttemptAt) - 1000;
      expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => early })).toBe(0);
      clock = Date.parse(d.nextAttemptAt);
      expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => clock })).toBe(1);
      [d] = await log(id);
    }
    expect(d).toMatchObject({ status: "failed", attempts: 10, nextAttemptAt: null, lastError: "HTTP 500" });
    expect(d.attemptLog).toHaveLength(10);
    expect(d.attemptLog.every((a: any) => a.statusCode === 500 && a.responseExcerpt === "boom")).toBe(true);
    expect(r.received).toHaveLength(10);
    await remove(id);
  });

  it("waits as long as the receiver's Retry-After asks when that is longer than the schedule", async () => {
    r.answer = { status: 503, headers: { "retry-after": "600" }, body: "busy" };
    const id = await endpoint();
    await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin });
    await waitFor("the first attempt", async () => (await log(id))[0]?.attempts === 1);
    const [d] = await log(id);
    const gap = (Date.parse(d.nextAttemptAt) - Date.parse(d.attemptLog[0].at)) / 1000;
    expect(gap).toBeGreaterThanOrEqual(599);
    expect(gap).toBeLessThanOrEqual(601);
    await remove(id);
  });

  it("switches the endpoint off when the receiver answers 410 Gone, and sends it nothing more", async () => {
    r.answer = { status: 410, body: "gone" };
    const id = await endpoint();
    await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin });
    await waitFor("the endpoint switched off", async () => (await s.call("GET", `/v1/webhooks/${id}`, { token: w.token.admin })).body.endpoint.disabledAt);
    const { endpoint: e } = (await s.call("GET", `/v1/webhooks/${id}`, { token: w.token.admin })).body;
    expect(e.disabledReason).toMatch(/410/);
    expect((await log(id))[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect((await s.call("POST", `/v1/webhooks/${id}/test`, { token: w.token.admin })).status).toBe(409);
    r.answer = { status: 200, body: "ok" };
    await textIn(s, w.token.admin, w.mainLine, "+14155550177", "Nobody hears this");
    expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => Date.now() + 3600_000 })).toBe(0);
    // An admin switches it back on.
    expect((await s.call("PATCH", `/v1/webhooks/${id}`, { token: w.token.admin, json: { enabled: true } })).body.endpoint.disabledAt).toBeNull();
    await remove(id);
  });

  it("holds a conversation's next delivery while an earlier one is retried, then sends both in order", async () => {
    r.answer = { status: 500, body: "down" };
    const id = await endpoint();
    const first = await textIn(s, w.token.admin, w.mainLine, "+14155550166", "First");
    // Only this conversation's deliveries count: the 410 test's text may still reach the receiver, queued for its
    // endpoint in the moment it was switched back on, before it was removed.
    let second: { id: string } | undefined;
    const ours = () => r.received.map((x) => JSON.parse(x.body).data.id).filter((m) => m === first.id || m === second?.id);
    await waitFor("the first attempt", () => ours().length === 1);
    second = await textIn(s, w.token.admin, w.mainLine, "+14155550166", "Second");
    await waitFor("the second delivery queued", async () => (await log(id)).length === 2);
    expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => Date.now() + 1000 })).toBe(0);
    expect(ours()).toHaveLength(1);
    r.answer = { status: 200, body: "ok" };
    const later = Date.now() + 10_000;
    expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => later })).toBe(1);
    expect(await sendDueWebhooks(s.app.ctx, "test", { now: () => later })).toBe(1);
    expect(ours()).toEqual([first.id, first.id, second?.id]);
    await remove(id);
  });
});
