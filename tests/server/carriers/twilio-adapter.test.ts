// The Twilio adapter driving the real `twilio` package against a local Twilio stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTwilioCarrier } from "../../../server/carriers/twilio";
import type { OutboundSms } from "../../../server/carriers/carrier";
import { LocalRequestClient, startFakeTwilio, twilioError } from "./fake-twilio";
import { closedPortUrl } from "./closed-port";

const accountSid = `AC${"0123456789abcdef".repeat(2)}`;
const authToken = "f".repeat(32);
let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
const carrier = () => createTwilioCarrier({ accountSid, authToken, httpClient: new LocalRequestClient(fake.baseUrl) });
const sms = (over: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: "msg_1",
  from: "+12125550100",
  to: "+12125550199",
  body: "Your table is ready",
  mediaUrls: [],
  statusCallbackUrl: "https://inbox.example.com/webhooks/twilio/inb_1",
  ...over,
});

beforeAll(async () => {
  fake = await startFakeTwilio(accountSid, authToken);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.seen.length = 0;
  fake.script.length = 0;
});

describe("Twilio adapter", () => {
  it("sends an SMS with From, To, Body and the status callback, authenticated as the account", async () => {
    const result = await carrier().send(sms());
    expect(result).toEqual({ ok: true, carrierMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: "sending" });
    const [req] = fake.seen;
    expect(req.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(req.auth).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`);
    expect(Object.fromEntries(req.form)).toEqual({
      From: "+12125550100",
      To: "+12125550199",
      Body: "Your table is ready",
      StatusCallback: "https://inbox.example.com/webhooks/twilio/inb_1",
    });
  });

  it("sends an MMS with one MediaUrl parameter per attachment", async () => {
    const media = ["https://cdn.example.com/menu.jpg", "https://cdn.example.com/map.png"];
    const result = await carrier().send(sms({ mediaUrls: media }));
    expect(result.ok).toBe(true);
    expect(fake.seen[0].form.getAll("MediaUrl")).toEqual(media);
  });

  it("sends media without a body when the text is empty", async () => {
    await carrier().send(sms({ body: "", mediaUrls: ["https://cdn.example.com/menu.jpg"] }));
    expect(fake.seen[0].form.has("Body")).toBe(false);
  });

  it("fails permanently on 21610 and says the recipient opted out", async () => {
    const result = await carrier().send(sms({ to: "+15005550004" }));
    expect(result).toEqual({ ok: false, permanent: true, errorCode: "21610", recipientOptedOut: true, errorReason: expect.stringMatching(/opted out/) });
  });

  it.each([
    ["+15005550001", "21211", /not a valid number/],
    ["+15005550009", "21614", /cannot receive text messages/],
    ["+15005550010", "30006", /landline/],
  ])("fails permanently for %s with code %s and a human reason", async (to, code, reason) => {
    const result = await carrier().send(sms({ to }));
    expect(result).toMatchObject({ ok: false, permanent: true, errorCode: code, errorReason: expect.stringMatching(reason) });
    expect(result).not.toHaveProperty("recipientOptedOut");
  });

  it("treats 429 as transient and respects Retry-After", async () => {
    fake.script.push({ ...twilioError(429, 20429, "Too Many Requests"), headers: { "retry-after": "7" } });
    const result = await carrier().send(sms());
    expect(result).toMatchObject({ ok: false, permanent: false, errorCode: "20429", retryAfterMs: 7000 });
    expect(fake.seen).toHaveLength(1); // the package does not retry on its own; the worker does
  });

  it("treats a 500 as transient and uncertain (Twilio may have taken the text)", async () => {
    fake.script.push(twilioError(500, 20500, "Internal Server Error"));
    const result = await carrier().send(sms());
    expect(result).toMatchObject({ ok: false, permanent: false, uncertain: true, errorCode: "20500" });
  });

  it("calls a connection dropped after the request was sent uncertain: Twilio may have texted already", async () => {
    fake.script.push("drop");
    const result = await carrier().send(sms());
    expect(result).toMatchObject({ ok: false, permanent: false, uncertain: true, errorReason: expect.stringMatching(/may or may not have gone out/) });
    expect(fake.seen).toHaveLength(1);
  });

  it("finds a text Twilio took despite a 502: by To, From and DateSent>= the attempt's day, then among the latest (still queued)", async () => {
    const since = new Date().toISOString();
    fake.script.push({ accept: twilioError(502, 20500, "Bad Gateway") });
    expect(await carrier().send(sms())).toMatchObject({ ok: false, uncertain: true });
    const taken = fake.messages.at(-1)!;
    const before = fake.seen.length;
    expect(await carrier().findSent!(sms(), since, new Set())).toEqual({ carrierMessageId: taken.sid, status: "sending" });
    const lookups = fake.seen.slice(before).map((r) => new URL(r.path, "http://x"));
    expect(lookups.map((u) => [u.pathname, Object.fromEntries(u.searchParams)])).toEqual([
      [
        `/2010-04-01/Accounts/${accountSid}/Messages.json`,
        { To: "+12125550199", From: "+12125550100", "DateSent>": `${since.slice(0, 10)}T00:00:00Z`, PageSize: "50" },
      ],
      [`/2010-04-01/Accounts/${accountSid}/Messages.json`, { To: "+12125550199", From: "+12125550100", PageSize: "50" }],
    ]);
  });

  it("finds a sent one with the first query alone", async () => {
    const since = new Date().toISOString();
    fake.script.push({ accept: "drop" });
    await carrier().send(sms({ body: "Sent already" }));
    fake.messages.at(-1)!.date_sent = new Date().toUTCString();
    fake.messages.at(-1)!.status = "sent";
    const before = fake.seen.length;
    expect(await carrier().findSent!(sms({ body: "Sent already" }), since, new Set())).toEqual({ carrierMessageId: fake.messages.at(-1)!.sid, status: "sent" });
    expect(fake.seen.length - before).toBe(1);
  });

  it("finds nothing for another body, an older text, or one of our other texts", async () => {
    const known = (await carrier().send(sms({ body: "Ours, known" }))) as { carrierMessageId: string };
    await carrier().send(sms({ body: "Something else" }));
    const since = new Date(Date.now() + 2 * 60_000).toISOString(); // both are older than this attempt
    expect(await carrier().findSent!(sms({ body: "Something else" }), since, new Set())).toBeNull();
    expect(await carrier().findSent!(sms({ body: "Ours, known" }), new Date(Date.now() - 5000).toISOString(), new Set([known.carrierMessageId]))).toBeNull();
    expect(await carrier().findSent!(sms({ body: "Never sent" }), new Date(Date.now() - 5000).toISOString(), new Set())).toBeNull();
  });

  it("retries when Twilio could not be reached at all (connection refused)", async () => {
    const closed = await closedPortUrl();
    const unreachable = createTwilioCarrier({ accountSid, authToken, httpClient: new LocalRequestClient(closed) });
    expect(await unreachable.send(sms())).toMatchObject({
      ok: false,
      permanent: false,
      errorCode: "ECONNREFUSED",
      errorReason: expect.stringMatching(/could not be reached/),
    });
  });

  it("treats rejected credentials as permanent with a reason an admin can act on", async () => {
    const wrong = createTwilioCarrier({ accountSid, authToken: "0".repeat(32), httpClient: new LocalRequestClient(fake.baseUrl) });
    expect(await wrong.send(sms())).toMatchObject({ ok: false, permanent: true, errorCode: "20003", errorReason: expect.stringMatching(/credentials/) });
  });

  it("keeps Retry-After apart between concurrent sends", async () => {
    fake.script.push({ ...twilioError(429, 20429, "Too Many Requests"), headers: { "retry-after": "3" } });
    const c = carrier();
    const [first, second] = await Promise.all([c.send(sms()), c.send(sms({ to: "+12125550198" }))]);
    const limited = [first, second].filter((r) => !r.ok);
    expect(limited).toEqual([expect.objectContaining({ retryAfterMs: 3000 })]);
  });
});
