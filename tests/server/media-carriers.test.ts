// An MMS of stored media through the real carrier packages to their local stand-ins: Twilio gets the signed
// link to our copy as MediaUrl, Telnyx as media_urls with type MMS; each link, fetched as the carrier would,
// gives the uploaded bytes.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCarrierEndpoints } from "../../server/carriers/connected-carriers";
import { startServer, waitFor, type TestServer } from "../support/server";
import { LocalRequestClient, startFakeTwilio } from "./carriers/fake-twilio";
import { startFakeTelnyx } from "./carriers/fake-telnyx";
import { ACCOUNT_SID, AUTH_TOKEN } from "./carriers/twilio-payloads";
import { closeServer, pngOfSize, upload } from "./support/media";

let s: TestServer;
let twilioFake: Awaited<ReturnType<typeof startFakeTwilio>>;
let telnyxFake: Awaited<ReturnType<typeof startFakeTelnyx>>;
let owner: string;
const inboxes: Record<string, string> = {};
const PHOTO = pngOfSize(50_000);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  twilioFake = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  telnyxFake = await startFakeTelnyx();
  s = await startServer();
  useCarrierEndpoints(s.app.ctx, { twilioHttpClient: new LocalRequestClient(twilioFake.baseUrl), telnyxBaseUrl: telnyxFake.baseURL });
  owner = await s.login("admin@demo.test");
  const me = (await s.call("GET", "/v1/me", { token: owner })).body.user.id;
  const make = async (json: Record<string, unknown>) =>
    (await s.call("POST", "/v1/inboxes", { token: owner, json: { ...json, memberIds: [me] } })).body.inbox.id;
  inboxes.twilio = await make({
    name: "Twilio MMS",
    phoneNumber: "+14155550166",
    carrier: "twilio",
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  });
  inboxes.telnyx = await make({
    name: "Telnyx MMS",
    phoneNumber: "+13125550142",
    carrier: "telnyx",
    credentials: { apiKey: "KEY01TELNYXSECRET_abc", publicKey: Buffer.alloc(32, 5).toString("base64") },
  });
});
afterAll(async () => {
  await closeServer(s);
  await twilioFake?.close();
  await telnyxFake?.close();
});

async function sendPhoto(carrier: "twilio" | "telnyx") {
  const media = (await upload(s, owner, PHOTO, "image/png")).body;
  const res = await s.call("POST", "/v1/messages", {
    token: owner,
    json: { inboxId: inboxes[carrier], to: "+14155550123", body: "The photo", mediaIds: [media.id], clientId: `carrier-mms-${carrier}` },
  });
  expect(res.status).toBe(201);
  return media.id as string;
}

async function fetchedBytes(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), sha: sha(Buffer.from(await res.arrayBuffer())) };
}

describe("MMS to the carriers", () => {
  it("Twilio: MediaUrl is a signed link to our copy that gives the photo", async () => {
    const mediaId = await sendPhoto("twilio");
    const request = await waitFor("Twilio to be asked", () => twilioFake.seen.find((r) => r.method === "POST" && r.form.get("Body") === "The photo"));
    const urls = request.form.getAll("MediaUrl");
    expect(urls).toHaveLength(1);
    expect(urls[0].startsWith(`${s.config.publicUrl}/media/${mediaId}?expires=`)).toBe(true);
    expect(await fetchedBytes(urls[0])).toEqual({ status: 200, type: "image/png", sha: sha(PHOTO) });
  });

  it("Telnyx: media_urls with type MMS, the same signed link", async () => {
    const mediaId = await sendPhoto("telnyx");
    const request = await waitFor("Telnyx to be asked", () => telnyxFake.seen.find((r) => r.method === "POST" && r.body.text === "The photo"));
    expect(request.body.type).toBe("MMS");
    expect(request.body.media_urls).toHaveLength(1);
    expect(request.body.media_urls[0].startsWith(`${s.config.publicUrl}/media/${mediaId}?expires=`)).toBe(true);
    expect(await fetchedBytes(request.body.media_urls[0])).toEqual({ status: 200, type: "image/png", sha: sha(PHOTO) });
  });
});
