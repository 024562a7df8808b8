// The Telnyx adapter driving the real `telnyx` package against a local stand-in for POST /v2/messages.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelnyxCarrier } from "../../../server/carriers/telnyx";
import type { OutboundSms } from "../../../server/carriers/carrier";
import { startFakeTelnyx, telnyxError } from "./fake-telnyx";
import { closedPortUrl } from "./closed-port";

const apiKey = "KEY0123456789ABCDEF_test";
let fake: Awaited<ReturnType<typeof startFakeTelnyx>>;
beforeAll(async () => {
  fake = await startFakeTelnyx();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.seen.length = 0;
  fake.script.length = 0;
  fake.records.length = 0;
});

const carrier = () => createTelnyxCarrier({ apiKey, messagingProfileId: "4001767e-ce0f-4cae-9d5f-0d5e636e7809", baseURL: fake.baseURL });
const sms = (over: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: "msg_1",
  from: "+12125550100",
  to: "+12125550199",
  body: "See you at 3",
  mediaUrls: [],
  statusCallbackUrl: "https://inbox.example.com/webhooks/telnyx/inb_1",
  ...over,
});

describe("Telnyx adapter", () => {
  it("sends from, to, text, the messaging profile and the webhook URL with the API key", async () => {
    expect(await carrier().send(sms())).toEqual({ ok: true, carrierMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "sending" });
    expect(fake.seen).toEqual([
      {
        method: "POST",
        path: "/v2/messages",
        auth: `Bearer ${apiKey}`,
        body: {
          from: "+12125550100",
          to: "+12125550199",
          text: "See you at 3",
          messaging_profile_id: "4001767e-ce0f-4cae-9d5f-0d5e636e7809",
          webhook_url: "https://inbox.example.com/webhooks/telnyx/inb_1",
        },
      },
    ]);
  });

  it("sends media URLs as an MMS", async () => {
    await carrier().send(sms({ mediaUrls: ["https://cdn.example.com/a.jpg"] }));
    expect(fake.seen[0].body).toMatchObject({ media_urls: ["https://cdn.example.com/a.jpg"], type: "MMS" });
  });

  it("fails permanently on 40300 and says the recipient opted out", async () => {
    fake.script.push(telnyxError(400, "40300", "Blocked due to STOP message", "Recipient has replied STOP"));
    expect(await carrier().send(sms())).toEqual({
      ok: false,
      permanent: true,
      errorCode: "40300",
      recipientOptedOut: true,
      errorReason: expect.stringMatching(/opted out/),
    });
  });

  it("fails permanently on an invalid number with a human reason", async () => {
    fake.script.push(telnyxError(400, "40310", "Invalid 'to' address", "The 'to' address should be in +E.164 format"));
    expect(await carrier().send(sms())).toMatchObject({
      ok: false,
      permanent: true,
      errorCode: "40310",
      errorReason: "The phone number is not a valid number",
    });
  });

  it("retries 429 after Retry-After and 5xx, without retrying inside the package", async () => {
    fake.script.push({ ...telnyxError(429, "10011", "Too many requests", "Slow down"), headers: { "retry-after": "2" } });
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: false, errorCode: "10011", retryAfterMs: 2000 });
    fake.script.push(telnyxError(503, "10007", "Unexpected error", "Try again"));
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: false, uncertain: true, errorCode: "10007" });
    expect(fake.seen).toHaveLength(2);
  });

  it("calls a connection dropped after the request was sent uncertain: Telnyx may have texted already", async () => {
    fake.script.push("drop");
    expect(await carrier().send(sms())).toMatchObject({
      ok: false,
      permanent: false,
      uncertain: true,
      errorReason: expect.stringMatching(/may or may not have gone out/),
    });
    expect(fake.seen).toHaveLength(1);
  });

  it("finds a text Telnyx took despite a 502, in its messaging detail records", async () => {
    const since = new Date().toISOString();
    fake.script.push({ accept: telnyxError(502, "10007", "Bad gateway", "Try again") });
    expect(await carrier().send(sms())).toMatchObject({ ok: false, uncertain: true });
    const [record] = fake.records;
    expect(await carrier().findSent!(sms(), since, new Set())).toEqual({ carrierMessageId: record.uuid, status: "sent" });
    const lookup = new URL(fake.seen.at(-1)!.path, "http://x");
    expect(lookup.pathname).toBe("/v2/detail_records");
    expect(Object.fromEntries(lookup.searchParams)).toEqual({
      "filter[record_type]": "messaging",
      "filter[cli]": "+12125550100",
      "filter[cld]": "+12125550199",
      "filter[direction]": "outbound",
      "filter[created_at][gte]": new Date(Date.parse(since) - 60_000).toISOString(),
      sort: "created_at",
      "page[size]": "50",
    });
  });

  it("finds nothing when Telnyx has no new record: only older ones, other numbers, or our other texts", async () => {
    await carrier().send(sms()); // an earlier text of ours, known by its id
    const known = new Set([fake.records[0].uuid]);
    await carrier().send(sms({ to: "+12125550111" })); // to someone else
    fake.records.push({ ...fake.records[0], uuid: "old-one", created_at: "2020-01-01T00:00:00.000Z" });
    expect(await carrier().findSent!(sms(), new Date(Date.now() - 5000).toISOString(), known)).toBeNull();
  });

  it("throws when the records cannot be read, so the worker asks again later", async () => {
    fake.script.push(telnyxError(500, "10007", "Unexpected error", "Try again"));
    await expect(carrier().findSent!(sms(), new Date().toISOString(), new Set())).rejects.toThrow();
  });

  it("retries when Telnyx could not be reached at all (connection refused)", async () => {
    const unreachable = createTelnyxCarrier({ apiKey, messagingProfileId: "4001767e-ce0f-4cae-9d5f-0d5e636e7809", baseURL: await closedPortUrl() });
    expect(await unreachable.send(sms())).toMatchObject({ ok: false, permanent: false, errorCode: "ECONNREFUSED" });
  });

  it("fails permanently when the API key is rejected", async () => {
    fake.script.push(telnyxError(401, "10009", "Authentication failed", "Could not understand the provided credentials"));
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: true, errorReason: expect.stringMatching(/API key/) });
  });
});
