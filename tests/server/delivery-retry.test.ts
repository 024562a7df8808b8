import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { pinCarrier } from "../../server/carriers/registry";
import type { Carrier, OutboundSms, SendResult } from "../../server/carriers/carrier";
import { MAX_RETRY_AFTER_MS, retryDelayMs, UNCERTAIN_REASON } from "../../server/delivery/send-queued-message";
import { demo, eventsOf, textIn, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

/** A carrier that answers each send with the next scripted result (a throw is a network error) and counts calls. */
function scriptedCarrier(script: Array<SendResult | Error>): Carrier & { calls: OutboundSms[] } {
  const calls: OutboundSms[] = [];
  return {
    calls,
    async send(sms) {
      calls.push(sms);
      const next = script[Math.min(calls.length - 1, script.length - 1)];
      if (next instanceof Error) throw next;
      return next;
    },
  };
}
const busy: SendResult = { ok: false, permanent: false, errorCode: "20429", errorReason: "The carrier is busy", retryAfterMs: 30 };
const sent: SendResult = { ok: true, carrierMessageId: "SMretried", status: "sent" };

let n = 0;
async function queue(body: string) {
  const phone = `+1347555${String(1000 + ++n)}`;
  await textIn(server, d.alice, d.mainLine, phone, "Hi");
  const res = await server.call("POST", "/v1/messages", { token: d.alice, json: { inboxId: d.mainLine, to: phone, body, clientId: `retry-${n}` } });
  expect(res.status).toBe(201);
  return { id: res.body.message.id as string, phone };
}
const row = (id: string) => server.app.ctx.database.db.selectFrom("message").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const settled = (id: string) =>
  waitFor(
    "a final status",
    async () => {
      const r = await row(id);
      return ["sent", "failed"].includes(r.status) ? r : null;
    },
    4000,
  );

describe("delivery retries", () => {
  it("retries transient failures with backoff and sends once they pass, never moving the status backwards", async () => {
    const carrier = scriptedCarrier([busy, new Error("socket hang up"), sent]);
    pinCarrier(server.app.ctx, d.mainLine, carrier);
    const { id } = await queue("Third time lucky");
    expect(await settled(id)).toMatchObject({ status: "sent", carrierMessageId: "SMretried", sendAttempts: 3, errorCode: null, errorReason: null });
    expect(carrier.calls).toHaveLength(3);
    const statuses = (await eventsOf(server, "message.updated")).filter((e) => e.data.id === id).map((e) => e.data.status);
    expect(statuses).toEqual(["sending", "sending", "sending", "sent"]);
  });

  it("fails a permanent error at once with the carrier's reason, and opts out a recipient the carrier says opted out", async () => {
    const carrier = scriptedCarrier([
      { ok: false, permanent: true, errorCode: "21610", errorReason: "The recipient replied STOP to this number", recipientOptedOut: true },
    ]);
    pinCarrier(server.app.ctx, d.mainLine, carrier);
    const { id, phone } = await queue("Are you there?");
    expect(await settled(id)).toMatchObject({
      status: "failed",
      errorCode: "21610",
      errorReason: "The recipient replied STOP to this number",
      sendAttempts: 1,
    });
    expect(carrier.calls).toHaveLength(1);
    const contact = await server.app.ctx.database.db.selectFrom("contact").selectAll().where("phoneNumber", "=", phone).executeTakeFirstOrThrow();
    expect(contact.optedOutAt).not.toBeNull();
  });

  it("grows the wait exponentially, with jitter, up to five minutes", () => {
    const waits = [1, 2, 3, 10].map((attempt) => retryDelayMs(attempt));
    expect(waits[0]).toBeGreaterThanOrEqual(800);
    expect(waits[0]).toBeLessThanOrEqual(1200);
    expect(waits[1]).toBeGreaterThanOrEqual(1600);
    expect(waits[2]).toBeGreaterThanOrEqual(3200);
    expect(waits[3]).toBeLessThanOrEqual(360_000);
    expect(retryDelayMs(1, 5000)).toBeGreaterThanOrEqual(4000);
  });
});

describe("delivery after an uncertain attempt (the carrier may have taken the text)", () => {
  const uncertain: SendResult = {
    ok: false,
    permanent: false,
    uncertain: true,
    errorCode: "20502",
    errorReason: "The carrier had a temporary problem",
    retryAfterMs: 0,
  };

  it("obeys Retry-After only up to a minute", () => {
    expect(retryDelayMs(1, 86_400_000)).toBeLessThanOrEqual(1.2 * MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(1, 86_400_000)).toBeGreaterThanOrEqual(0.8 * MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
  });

  it("keeps what the carrier found instead of sending again", async () => {
    const carrier = scriptedCarrier([uncertain, sent]);
    const lookups: Array<{ since: string; known: string[] }> = [];
    carrier.findSent = async (_sms, since, known) => {
      lookups.push({ since, known: [...known] });
      return { carrierMessageId: "SMfound", status: "sending" };
    };
    pinCarrier(server.app.ctx, d.mainLine, carrier);
    const { id } = await queue("Did it go?");
    expect(await waitFor("found", async () => ((await row(id)).carrierMessageId ? row(id) : null), 4000)).toMatchObject({
      status: "sending",
      carrierMessageId: "SMfound",
      uncertainSince: null,
      errorCode: null,
    });
    expect(carrier.calls).toHaveLength(1);
    expect(lookups).toHaveLength(1);
    expect(Date.parse(lookups[0].since)).toBeLessThanOrEqual(Date.now());
  });

  it("sends again when the carrier does not have it, and asks again when the lookup itself fails", async () => {
    const carrier = scriptedCarrier([uncertain, { ok: true, carrierMessageId: "SMsecond", status: "sent" }]);
    let asked = 0;
    carrier.findSent = async () => {
      if (++asked === 1) throw new Error("HTTP 503");
      return null;
    };
    pinCarrier(server.app.ctx, d.mainLine, carrier);
    const { id } = await queue("Second try");
    expect(await settled(id)).toMatchObject({ status: "sent", carrierMessageId: "SMsecond", uncertainSince: null });
    expect(asked).toBe(2);
    expect(carrier.calls).toHaveLength(2);
  });

  it("fails with a reason to check first when the carrier cannot be asked at all", async () => {
    const carrier = scriptedCarrier([uncertain, sent]); // no findSent
    pinCarrier(server.app.ctx, d.mainLine, carrier);
    const { id } = await queue("Unknowable");
    expect(await settled(id)).toMatchObject({ status: "failed", errorReason: UNCERTAIN_REASON });
    expect(carrier.calls).toHaveLength(1);
  });
});
