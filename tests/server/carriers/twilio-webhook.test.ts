// POST /webhooks/twilio/:inboxId: signature checked over PUBLIC_URL + path before anything is stored,
// inbound texts committed before the 200 with empty TwiML, a retried MessageSid stored once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_TWIML, isValidTwilioSignature } from "../../../server/webhooks/twilio-webhook";
import { startServer, type TestServer } from "../../support/server";
import { queryRows } from "../../support/test-database";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, inboundParams, signedTwilioPost } from "./twilio-payloads";

const PUBLIC_URL = "https://sidetext.example.com";
const INBOX_NUMBER = "+14155550177";
let s: TestServer;
let owner: string;
let inboxId: string;
let hookUrl: string;

beforeAll(async () => {
  s = await startServer({ publicUrl: PUBLIC_URL });
  owner = await s.login("admin@demo.test");
  const res = await s.call("POST", "/v1/inboxes", {
    token: owner,
    json: { name: "Twilio line", phoneNumber: INBOX_NUMBER, carrier: "twilio", credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
  });
  inboxId = res.body.inbox.id;
  hookUrl = `${PUBLIC_URL}/webhooks/twilio/${inboxId}`;
});
afterAll(() => s.close());

async function count(sql: string, ...args: unknown[]): Promise<number> {
  return (await queryRows<{ n: number }>(s.dbFile, sql, ...args))[0].n;
}
const storedWithSid = (sid: string) => count("select count(*) as n from message where carrierMessageId = ?", sid);
const eventCount = () => count("select count(*) as n from event");

describe("Twilio's published signature vector", () => {
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
  const signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

  it("accepts exactly the published example", () => {
    expect(isValidTwilioSignature("12345", signature, url, params)).toBe(true);
  });

  it.each(Object.keys(params))("refuses it with %s changed", (key) => {
    expect(isValidTwilioSignature("12345", signature, url, { ...params, [key]: `${(params as Record<string, string>)[key]}0` })).toBe(false);
  });

  it("refuses it with a parameter added or removed, another URL, another token or no signature", () => {
    const { Digits: _gone, ...fewer } = params;
    expect(isValidTwilioSignature("12345", signature, url, { ...params, Extra: "1" })).toBe(false);
    expect(isValidTwilioSignature("12345", signature, url, fewer)).toBe(false);
    expect(isValidTwilioSignature("12345", signature, "https://mycompany.com/myapp.php?foo=1&bar=3", params)).toBe(false);
    expect(isValidTwilioSignature("54321", signature, url, params)).toBe(false);
    expect(isValidTwilioSignature("12345", undefined, url, params)).toBe(false);
  });
});

describe("inbound texts", () => {
  it("stores a signed inbound text and answers 200 with empty TwiML", async () => {
    const params = inboundParams({ from: "+14155550199", to: INBOX_NUMBER, body: "Is the 4pm slot still free?" });
    const res = await deliver(s.url, signedTwilioPost(hookUrl, params));
    expect(res).toEqual({ status: 200, contentType: expect.stringMatching(/^text\/xml/), text: EMPTY_TWIML });
    expect(await storedWithSid(params.MessageSid)).toBe(1);
    const lookup = await s.call("GET", "/v1/lookup?phone=%2B14155550199", { token: owner });
    const conversation = lookup.body.conversations.find((c: { inboxId: string }) => c.inboxId === inboxId);
    const thread = await s.call("GET", `/v1/conversations/${conversation.id}/messages`, { token: owner });
    expect(JSON.stringify(thread.body)).toContain("Is the 4pm slot still free?");
  });

  it("records MMS media with their content types", async () => {
    const media = [
      { url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`, contentType: "image/jpeg" },
      { url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME2`, contentType: "application/pdf" },
    ];
    const params = inboundParams({ from: "+14155550198", to: INBOX_NUMBER, body: "", media });
    expect((await deliver(s.url, signedTwilioPost(hookUrl, params))).status).toBe(200);
    const [row] = await queryRows<{ media: string }>(s.dbFile, "select media from message where carrierMessageId = ?", params.MessageSid);
    expect(JSON.parse(row.media)).toEqual(media.map((m) => ({ url: m.url, contentType: m.contentType })));
  });

  it("stores a MessageSid retried by Twilio once", async () => {
    const post = signedTwilioPost(hookUrl, inboundParams({ from: "+14155550197", to: INBOX_NUMBER, body: "Hello?" }));
    const answers = await Promise.all([deliver(s.url, post), deliver(s.url, post)]);
    answers.push(await deliver(s.url, post));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await storedWithSid(new URLSearchParams(post.body).get("MessageSid")!)).toBe(1);
  });

  it("honours Twilio's OptOutType for a custom keyword", async () => {
    const params = inboundParams({ from: "+14155550196", to: INBOX_NUMBER, body: "ARRET", optOutType: "STOP" });
    await deliver(s.url, signedTwilioPost(hookUrl, params));
    const lookup = await s.call("GET", "/v1/lookup?phone=%2B14155550196", { token: owner });
    expect(lookup.body.contact.optedOutAt).not.toBeNull();
  });
});

describe("refused requests store nothing", () => {
  const attempt = async (post: ReturnType<typeof signedTwilioPost>, status = 403) => {
    const sid = new URLSearchParams(post.body).get("MessageSid")!;
    const events = await eventCount();
    const res = await deliver(s.url, post);
    expect(res.status).toBe(status);
    expect(await storedWithSid(sid)).toBe(0);
    expect(await eventCount()).toBe(events);
  };
  const params = () => inboundParams({ from: "+14155550195", to: INBOX_NUMBER, body: "Refund please" });

  it("refuses a missing X-Twilio-Signature", () => attempt(signedTwilioPost(hookUrl, params(), { signature: null })));

  it("refuses a changed parameter", async () => {
    const p = params();
    const post = signedTwilioPost(hookUrl, p);
    await attempt({ ...post, body: new URLSearchParams({ ...p, Body: "Refund please, $500" }).toString() });
  });

  it("refuses a signature made for another URL", async () => {
    const signedElsewhere = signedTwilioPost(`https://evil.example.com/webhooks/twilio/${inboxId}`, params());
    await attempt({ ...signedElsewhere, url: hookUrl });
  });

  it("refuses a signature made with another auth token", () => attempt(signedTwilioPost(hookUrl, params(), { authToken: "0".repeat(32) })));

  it("answers 404 for an unknown inbox and for an inbox on another carrier", async () => {
    await attempt(signedTwilioPost(`${PUBLIC_URL}/webhooks/twilio/inb_nope`, params()), 404);
    const main = (await s.call("GET", "/v1/inboxes", { token: owner })).body.inboxes.find((i: { carrier: string }) => i.carrier === "simulator");
    await attempt(signedTwilioPost(`${PUBLIC_URL}/webhooks/twilio/${main.id}`, params()), 404);
  });

  it("answers 400, not 500, for a signed but malformed request, and for a text to another number", async () => {
    await attempt(signedTwilioPost(hookUrl, { ...params(), NumMedia: "lots" }), 400);
    await attempt(signedTwilioPost(hookUrl, inboundParams({ from: "+14155550195", to: "+14155550000", body: "hi" })), 400);
    const { MessageSid: _sid, ...noSid } = params();
    const res = await deliver(s.url, signedTwilioPost(hookUrl, { ...noSid, MessageSid: "" }));
    expect(res.status).toBe(400);
  });

  it("verifies over PUBLIC_URL plus the query string Twilio was given", async () => {
    const withQuery = `${hookUrl}?source=console`;
    const p = inboundParams({ from: "+14155550194", to: INBOX_NUMBER, body: "with query" });
    expect((await deliver(s.url, signedTwilioPost(withQuery, p))).status).toBe(200);
    expect(await storedWithSid(p.MessageSid)).toBe(1);
    const q = inboundParams({ from: "+14155550194", to: INBOX_NUMBER, body: "query dropped" });
    const post = signedTwilioPost(withQuery, q);
    await attempt({ ...post, url: hookUrl });
  });
});
