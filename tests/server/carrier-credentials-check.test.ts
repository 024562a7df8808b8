// An inbox's carrier credentials are checked with the carrier before they are kept: the real `twilio` and
// `telnyx` packages ask local stand-ins that answer like the carriers (401 without the account's auth, the
// account, its numbers, its messaging profiles). A refusal is a 400 naming the field to fix; nothing is kept.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCarrierEndpoints } from "../../server/carriers/connected-carriers";
import { startServer, type TestServer } from "../support/server";
import { closedPortUrl } from "./carriers/closed-port";
import { LocalRequestClient, startFakeTwilio } from "./carriers/fake-twilio";
import { startFakeTelnyx } from "./carriers/fake-telnyx";
import { ACCOUNT_SID, AUTH_TOKEN } from "./carriers/twilio-payloads";

const TELNYX_KEY = "KEY0190ABCDEF_checkme123";
const PROFILE = "40017a7f-8f0b-4b52-9a53-2a6b8c8e7f10";
const publicKey = Buffer.from(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");

let s: TestServer;
let owner: string;
let twilioFake: Awaited<ReturnType<typeof startFakeTwilio>>;
let telnyxFake: Awaited<ReturnType<typeof startFakeTelnyx>>;

beforeAll(async () => {
  twilioFake = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN, { numbers: ["+14155550177", "+14155550179"] });
  telnyxFake = await startFakeTelnyx({ apiKey: TELNYX_KEY, numbers: ["+13125550142", "+13125550144"], messagingProfileIds: [PROFILE] });
  s = await startServer({ checkCarrierCredentials: true });
  useCarrierEndpoints(s.app.ctx, { twilioHttpClient: new LocalRequestClient(twilioFake.baseUrl), telnyxBaseUrl: telnyxFake.baseURL });
  owner = await s.login("admin@demo.test");
});
afterAll(async () => {
  await s?.close();
  await twilioFake?.close();
  await telnyxFake?.close();
});

const inboxCount = async () => (await s.app.ctx.database.db.selectFrom("inbox").select("id").execute()).length;
const twilioInbox = (phoneNumber: string, authToken = AUTH_TOKEN) => ({
  name: "Twilio line",
  phoneNumber,
  carrier: "twilio",
  credentials: { accountSid: ACCOUNT_SID, authToken },
});
const telnyxInbox = (phoneNumber: string, apiKey = TELNYX_KEY, messagingProfileId?: string) => ({
  name: "Telnyx line",
  phoneNumber,
  carrier: "telnyx",
  credentials: { apiKey, publicKey, ...(messagingProfileId ? { messagingProfileId } : {}) },
});

/** POST /v1/inboxes that must be refused: its 400 message, and the proof nothing was kept. */
async function refused(json: unknown): Promise<string> {
  const before = await inboxCount();
  const res = await s.call("POST", "/v1/inboxes", { token: owner, json });
  expect(res.status).toBe(400);
  expect(await inboxCount()).toBe(before);
  return res.body.error.message as string;
}

describe("Twilio credentials", () => {
  it("keeps an inbox whose account accepts the SID and token and owns the number, after asking Twilio", async () => {
    twilioFake.seen.length = 0;
    const res = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("+14155550177") });
    expect(res.status).toBe(201);
    const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;
    expect(twilioFake.seen.map((r) => ({ method: r.method, path: r.path, auth: r.auth }))).toEqual([
      { method: "GET", path: `/2010-04-01/Accounts/${ACCOUNT_SID}.json`, auth: basic },
      { method: "GET", path: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550177&PageSize=1`, auth: basic },
    ]);
  });

  it("refuses a wrong Auth Token, saying to copy both again, without echoing it", async () => {
    const wrong = "0".repeat(32);
    const message = await refused(twilioInbox("+14155550179", wrong));
    expect(message).toMatch(/^credentials: Twilio did not accept this Account SID and Auth Token \(20003 /);
    expect(message).toContain("Twilio Console");
    expect(message).not.toContain(wrong);
  });

  it("refuses a number that is not on the account", async () => {
    expect(await refused(twilioInbox("+14155550188"))).toMatch(/^phoneNumber: \+14155550188 is not a number of the Twilio account AC/);
  });

  it("checks new credentials before replacing the kept ones", async () => {
    const { body } = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("+14155550179") });
    const sealed = async () =>
      (await s.app.ctx.database.db.selectFrom("inbox").select("credentialsEncrypted").where("id", "=", body.inbox.id).executeTakeFirstOrThrow())
        .credentialsEncrypted;
    const before = await sealed();
    const res = await s.call("PATCH", `/v1/inboxes/${body.inbox.id}`, {
      token: owner,
      json: { credentials: { accountSid: ACCOUNT_SID, authToken: "1".repeat(32) } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("Twilio did not accept");
    expect(await sealed()).toBe(before);
    // A new number is checked with the kept credentials too.
    const moved = await s.call("PATCH", `/v1/inboxes/${body.inbox.id}`, { token: owner, json: { phoneNumber: "+14155550190" } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toMatch(/^phoneNumber: \+14155550190 is not a number/);
  });

  it("says when Twilio cannot be reached, and keeps nothing", async () => {
    useCarrierEndpoints(s.app.ctx, { twilioHttpClient: new LocalRequestClient(await closedPortUrl()), telnyxBaseUrl: telnyxFake.baseURL });
    try {
      expect(await refused(twilioInbox("+14155550179"))).toMatch(/^credentials: Twilio could not be reached to check them .*nothing was saved/);
    } finally {
      useCarrierEndpoints(s.app.ctx, { twilioHttpClient: new LocalRequestClient(twilioFake.baseUrl), telnyxBaseUrl: telnyxFake.baseURL });
    }
  });
});

describe("Telnyx credentials", () => {
  it("keeps an inbox whose API key Telnyx accepts, with its number and messaging profile", async () => {
    telnyxFake.seen.length = 0;
    const res = await s.call("POST", "/v1/inboxes", { token: owner, json: telnyxInbox("+13125550142", TELNYX_KEY, PROFILE) });
    expect(res.status).toBe(201);
    expect(telnyxFake.seen.map((r) => [r.method, decodeURIComponent(r.path), r.auth])).toEqual([
      ["GET", "/v2/phone_numbers?filter[phone_number]=13125550142", `Bearer ${TELNYX_KEY}`],
      ["GET", `/v2/messaging_profiles/${PROFILE}`, `Bearer ${TELNYX_KEY}`],
    ]);
  });

  it("refuses a wrong API key, an unknown messaging profile and a number of another account", async () => {
    expect(await refused(telnyxInbox("+13125550143", "KEY0190WRONG_key_000"))).toMatch(/^credentials\.apiKey: Telnyx did not accept this API key/);
    expect(await refused(telnyxInbox("+13125550144", TELNYX_KEY, "no-such-profile"))).toMatch(
      /^credentials\.messagingProfileId: this Telnyx account has no messaging profile no-such-profile/,
    );
    expect(await refused(telnyxInbox("+13125550143"))).toMatch(/^phoneNumber: \+13125550143 is not a number of this Telnyx account/);
  });
});
