// A customer's MMS: the server fetches each file from the carrier before storing the text and keeps its own
// copy. The fake carrier media server behaves like Twilio's: 401 without the account's basic auth, then a
// redirect to a file store on another origin that must never see the credentials. Telnyx's links need none.
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, inboundParams, signedTwilioPost } from "./carriers/twilio-payloads";
import { closeServer, JPEG_START, pngOfSize } from "./support/media";

const PHOTO = pngOfSize(80_000);
const CARD = Buffer.concat([JPEG_START, Buffer.alloc(2000, 3)]);
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Requests each fake saw: path and whether it carried an Authorization header. */
const seen: Array<{ server: "carrier" | "store"; path: string; auth: string | undefined }> = [];
let carrier: http.Server;
let store: http.Server;
let carrierUrl: string;
let storeUrl: string;

function listen(handler: http.RequestListener): Promise<[http.Server, string]> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve([server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`])));
}

let s: TestServer;
let owner: string;
let twilioInbox: string;
let telnyxInbox: string;
const keys = generateKeyPairSync("ed25519");
const publicKey = Buffer.from(keys.publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");

beforeAll(async () => {
  [store, storeUrl] = await listen((req, res) => {
    seen.push({ server: "store", path: req.url!, auth: req.headers.authorization });
    // A presigned file store refuses a second credential, as S3 does.
    if (req.headers.authorization) return void res.writeHead(400).end("Only one auth mechanism allowed");
    if (req.url === "/files/photo") return void res.writeHead(200, { "content-type": "image/png", "content-length": PHOTO.length }).end(PHOTO);
    if (req.url === "/telnyx/card.jpg") return void res.writeHead(200, { "content-type": "image/jpeg" }).end(CARD);
    res.writeHead(404).end();
  });
  [carrier, carrierUrl] = await listen((req, res) => {
    seen.push({ server: "carrier", path: req.url!, auth: req.headers.authorization });
    if (req.headers.authorization !== BASIC) return void res.writeHead(401, { "www-authenticate": 'Basic realm="Twilio API"' }).end('{"code":20003}');
    if (req.url?.endsWith("/Media/ME1")) return void res.writeHead(307, { location: `${storeUrl}/files/photo` }).end();
    if (req.url?.endsWith("/Media/ME500")) return void res.writeHead(500).end();
    res.writeHead(404).end();
  });
  s = await startServer();
  owner = await s.login("admin@demo.test");
  const inbox = async (json: unknown) => (await s.call("POST", "/v1/inboxes", { token: owner, json })).body.inbox.id;
  twilioInbox = await inbox({
    name: "Twilio MMS",
    phoneNumber: "+14155550177",
    carrier: "twilio",
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    memberIds: [],
  });
  telnyxInbox = await inbox({
    name: "Telnyx MMS",
    phoneNumber: "+13125550142",
    carrier: "telnyx",
    credentials: { apiKey: "KEY01TELNYXSECRET_abc", publicKey },
  });
});
afterAll(async () => {
  await closeServer(s);
  for (const server of [carrier, store]) {
    server?.closeAllConnections();
    server?.close();
  }
});

const twilioMedia = (media: string) => `${carrierUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/${media}`;
const storedMedia = async (carrierMessageId: string) => {
  const row = await s.app.ctx.database.db.selectFrom("message").select("media").where("carrierMessageId", "=", carrierMessageId).executeTakeFirstOrThrow();
  return JSON.parse(row.media) as Array<{ url: string; contentType: string | null; id?: string; size?: number }>;
};

describe("inbound MMS on Twilio", () => {
  it("the fake is strict: Twilio's media links answer 401 without the account's credentials", async () => {
    expect((await fetch(twilioMedia("ME1"))).status).toBe(401);
  });

  it("fetches each file with the account's basic auth, follows the redirect without it, and keeps our copy", async () => {
    seen.length = 0;
    const params = inboundParams({
      from: "+14155550199",
      to: "+14155550177",
      body: "The scratch on the door",
      media: [{ url: twilioMedia("ME1"), contentType: "image/png" }],
    });
    const hook = `${s.config.publicUrl}/webhooks/twilio/${twilioInbox}`;
    expect((await deliver(s.url, signedTwilioPost(hook, params))).status).toBe(200);
    expect(seen).toEqual([
      { server: "carrier", path: expect.stringContaining("/Media/ME1"), auth: BASIC },
      { server: "store", path: "/files/photo", auth: undefined },
    ]);
    const [media] = await storedMedia(params.MessageSid);
    expect(media).toMatchObject({ id: expect.stringMatching(/^med_/), contentType: "image/png", size: PHOTO.length });
    expect(media.url.startsWith(`${s.config.publicUrl}/media/${media.id}?`)).toBe(true);
    const served = Buffer.from(await (await fetch(media.url)).arrayBuffer());
    expect(sha(served)).toBe(sha(PHOTO));
    // Only the inbox's members may see it: the owner made the inbox with no members (not even themselves).
    expect((await s.call("GET", `/v1/media/${media.id}`, { token: owner })).status).toBe(404);
    // A retried webhook fetches nothing again.
    seen.length = 0;
    expect((await deliver(s.url, signedTwilioPost(hook, params))).status).toBe(200);
    expect(seen).toEqual([]);
  });

  it("stores the text with the carrier's link when the file cannot be fetched", async () => {
    const params = inboundParams({
      from: "+14155550199",
      to: "+14155550177",
      body: "Second try",
      media: [{ url: twilioMedia("ME500"), contentType: "image/jpeg" }],
    });
    expect((await deliver(s.url, signedTwilioPost(`${s.config.publicUrl}/webhooks/twilio/${twilioInbox}`, params))).status).toBe(200);
    expect(await storedMedia(params.MessageSid)).toEqual([{ url: twilioMedia("ME500"), contentType: "image/jpeg" }]);
  });
});

describe("inbound MMS on Telnyx", () => {
  it("fetches the presigned link with no credentials and keeps our copy", async () => {
    seen.length = 0;
    const id = randomUUID();
    const body = {
      data: {
        event_type: "message.received",
        id: randomUUID(),
        occurred_at: new Date().toISOString(),
        record_type: "event",
        payload: {
          id,
          record_type: "message",
          direction: "inbound",
          type: "MMS",
          text: "",
          media: [{ url: `${storeUrl}/telnyx/card.jpg`, content_type: "image/jpeg" }],
          from: { phone_number: "+13125550199" },
          to: [{ phone_number: "+13125550142", status: "webhook_delivered" }],
          errors: [],
        },
      },
      meta: { attempt: 1 },
    };
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(`${timestamp}|${raw}`), keys.privateKey).toString("base64");
    const res = await fetch(`${s.url}/webhooks/telnyx/${telnyxInbox}`, {
      method: "POST",
      headers: { "content-type": "application/json", "telnyx-signature-ed25519": signature, "telnyx-timestamp": timestamp },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ server: "store", path: "/telnyx/card.jpg", auth: undefined }]);
    const [media] = await storedMedia(id);
    expect(media).toMatchObject({ id: expect.stringMatching(/^med_/), contentType: "image/jpeg", size: CARD.length });
    expect(sha(Buffer.from(await (await fetch(media.url)).arrayBuffer()))).toBe(sha(CARD));
  });
});
