// A customer's MMS: the server stores the text and answers the webhook, then fetches each file from the
// carrier in the background (a job committed before the answer) and keeps its own copy. The fake carrier
// media server behaves like Twilio's: 401 without the account's basic auth, then a redirect to a file store
// on another origin that must never see the credentials. Telnyx's links need none.
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, type TestServer, waitFor } from "../support/server";
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
/** The file store holds /files/slow until released; /files/later answers 503 until `laterUp`. */
let releaseSlow: () => void = () => {};
let laterUp = false;

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
    if (req.url === "/files/slow") {
      releaseSlow = () => res.writeHead(200, { "content-type": "image/png" }).end(PHOTO);
      return;
    }
    if (req.url === "/files/later") return void (laterUp ? res.writeHead(200, { "content-type": "image/png" }).end(PHOTO) : res.writeHead(503).end());
    if (req.url === "/telnyx/card.jpg") return void res.writeHead(200, { "content-type": "image/jpeg" }).end(CARD);
    res.writeHead(404).end();
  });
  [carrier, carrierUrl] = await listen((req, res) => {
    seen.push({ server: "carrier", path: req.url!, auth: req.headers.authorization });
    if (req.headers.authorization !== BASIC) return void res.writeHead(401, { "www-authenticate": 'Basic realm="Twilio API"' }).end('{"code":20003}');
    if (req.url?.endsWith("/Media/ME1")) return void res.writeHead(307, { location: `${storeUrl}/files/photo` }).end();
    if (req.url?.endsWith("/Media/MESLOW")) return void res.writeHead(307, { location: `${storeUrl}/files/slow` }).end();
    if (req.url?.endsWith("/Media/MELATER")) return void res.writeHead(307, { location: `${storeUrl}/files/later` }).end();
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
/** The message's media once its files are ours (the background fetch done). */
const fetchedMedia = (carrierMessageId: string, on = s, timeoutMs = 5000) =>
  waitFor(
    "the files to be fetched",
    async () => {
      const row = await on.app.ctx.database.db.selectFrom("message").select("media").where("carrierMessageId", "=", carrierMessageId).executeTakeFirst();
      const media = row ? (JSON.parse(row.media) as Array<{ url: string; contentType: string | null; id?: string; size?: number }>) : [];
      return media.length > 0 && media.every((m) => m.id) ? media : null;
    },
    timeoutMs,
  );
const fetchJob = (carrierMessageId: string, on = s) =>
  on.app.ctx.database.db.selectFrom("inboundMediaFetch").selectAll().where("carrierMessageId", "=", carrierMessageId).executeTakeFirst();

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
    const [media] = await fetchedMedia(params.MessageSid);
    expect(seen).toEqual([
      { server: "carrier", path: expect.stringContaining("/Media/ME1"), auth: BASIC },
      { server: "store", path: "/files/photo", auth: undefined },
    ]);
    expect(media).toMatchObject({ id: expect.stringMatching(/^med_/), contentType: "image/png", size: PHOTO.length });
    expect(media.url.startsWith(`${s.config.publicUrl}/media/${media.id}?`)).toBe(true);
    const served = Buffer.from(await (await fetch(media.url)).arrayBuffer());
    expect(sha(served)).toBe(sha(PHOTO));
    // Only those who see the inbox may see it: an agent who is not one of its members does not.
    expect((await s.call("GET", `/v1/media/${media.id}`, { token: await s.login("alice@demo.test") })).status).toBe(404);
    // Clients learn of our copy: the swap is a message.updated in the feed.
    const updates = await s.app.ctx.database.db.selectFrom("event").select("data").where("type", "=", "message.updated").execute();
    expect(updates.some((e) => e.data.includes(media.id!))).toBe(true);
    // A retried webhook fetches nothing again.
    seen.length = 0;
    expect((await deliver(s.url, signedTwilioPost(hook, params))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
  });

  it("answers the webhook before the carrier's file store has answered, then keeps the file", async () => {
    const params = inboundParams({
      from: "+14155550199",
      to: "+14155550177",
      body: "Slow store",
      media: [{ url: twilioMedia("MESLOW"), contentType: "image/png" }],
    });
    const started = Date.now();
    expect((await deliver(s.url, signedTwilioPost(`${s.config.publicUrl}/webhooks/twilio/${twilioInbox}`, params))).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    // Answered, and the store still holds the file: the text is there with the carrier's link meanwhile.
    await waitFor("the fetch to reach the store", () => seen.some((r) => r.path === "/files/slow"));
    expect(await storedMedia(params.MessageSid)).toEqual([{ url: twilioMedia("MESLOW"), contentType: "image/png" }]);
    releaseSlow();
    const [media] = await fetchedMedia(params.MessageSid);
    expect(sha(Buffer.from(await (await fetch(media.url)).arrayBuffer()))).toBe(sha(PHOTO));
  });

  it("fetches the files after a restart when the carrier could not give them before", async () => {
    const dbFile = tempDbFile();
    const first = await startServer({}, dbFile);
    const admin = await first.login("admin@demo.test");
    const created = await first.call("POST", "/v1/inboxes", {
      token: admin,
      json: { name: "Twilio restart", phoneNumber: "+14155550178", carrier: "twilio", credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
    });
    const inboxId = created.body.inbox.id;
    const params = inboundParams({
      from: "+14155550199",
      to: "+14155550178",
      body: "Later",
      media: [{ url: twilioMedia("MELATER"), contentType: "image/png" }],
    });
    expect((await deliver(first.url, signedTwilioPost(`${first.config.publicUrl}/webhooks/twilio/${inboxId}`, params))).status).toBe(200);
    await waitFor("a first attempt to fail", async () => (await fetchJob(params.MessageSid, first))?.attempts === 1);
    await closeServer(first);
    laterUp = true;
    const second = await startServer({}, dbFile);
    try {
      // On PostgreSQL the fetcher runs on the worker's leader: the new server takes the lead at its next try.
      const [media] = await fetchedMedia(params.MessageSid, second, 30_000);
      expect(media).toMatchObject({ contentType: "image/png", size: PHOTO.length });
      // The job is marked done just after the message points at our copy.
      await waitFor("the job to be done", async () => (await fetchJob(params.MessageSid, second))?.status === "done");
      expect(await fetchJob(params.MessageSid, second)).toMatchObject({ status: "done", attempts: 1 });
    } finally {
      await closeServer(second);
    }
  }, 90_000);

  it("stores the text with the carrier's link when the file cannot be fetched", async () => {
    const params = inboundParams({
      from: "+14155550199",
      to: "+14155550177",
      body: "Second try",
      media: [{ url: twilioMedia("ME500"), contentType: "image/jpeg" }],
    });
    expect((await deliver(s.url, signedTwilioPost(`${s.config.publicUrl}/webhooks/twilio/${twilioInbox}`, params))).status).toBe(200);
    // The job is queued before the text's transaction commits, so under load a first attempt can find the text not
    // stored yet (and try again 2 s later): wait for the attempt that reached the carrier.
    const job = await waitFor(
      "an attempt to reach the carrier and fail",
      async () => {
        const attempt = await fetchJob(params.MessageSid);
        return attempt?.lastError?.includes("HTTP 500") ? attempt : null;
      },
      15_000,
    );
    expect(job).toMatchObject({ status: "pending", lastError: expect.stringContaining("HTTP 500") });
    expect(await storedMedia(params.MessageSid)).toEqual([{ url: twilioMedia("ME500"), contentType: "image/jpeg" }]);
  });
});

describe("inbound MMS on Telnyx", () => {
  it("fetches the presigned link with no credentials and keeps our copy", async () => {
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
    const [media] = await fetchedMedia(id);
    // Only this file's requests: an earlier test's job (a 503 or 500 being retried) may still reach the fakes.
    expect(seen.filter((r) => r.path.startsWith("/telnyx/"))).toEqual([{ server: "store", path: "/telnyx/card.jpg", auth: undefined }]);
    expect(media).toMatchObject({ id: expect.stringMatching(/^med_/), contentType: "image/jpeg", size: CARD.length });
    expect(sha(Buffer.from(await (await fetch(media.url)).arrayBuffer()))).toBe(sha(CARD));
  });
});
