// POST /webhooks/telnyx/:inboxId, signed with an Ed25519 key pair made here: message.received stored once,
// delivery updates applied forward only; a bad signature or a timestamp outside 5 minutes stores nothing.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCarrierEndpoints } from "../../../server/carriers/connected-carriers";
import { startServer, waitFor, type TestServer } from "../../support/server";
import { queryRows } from "../../support/test-database";
import { startFakeTelnyx } from "./fake-telnyx";

const PUBLIC_URL = "https://sidetext.example.com";
const INBOX_NUMBER = "+13125550142";
const keys = generateKeyPairSync("ed25519");
const publicKey = Buffer.from(keys.publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");
let s: TestServer;
let fake: Awaited<ReturnType<typeof startFakeTelnyx>>;
let owner: string;
let inboxId: string;

beforeAll(async () => {
  fake = await startFakeTelnyx();
  s = await startServer({ publicUrl: PUBLIC_URL });
  useCarrierEndpoints(s.app.ctx, { telnyxBaseUrl: fake.baseURL });
  owner = await s.login("admin@demo.test");
  const res = await s.call("POST", "/v1/inboxes", {
    token: owner,
    json: { name: "Telnyx line", phoneNumber: INBOX_NUMBER, carrier: "telnyx", credentials: { apiKey: "KEY01TELNYXSECRET_abc", publicKey } },
  });
  inboxId = res.body.inbox.id;
});
afterAll(async () => {
  await s.close();
  await fake.close();
});

/** A Telnyx messaging event as documented: {data: {event_type, id, occurred_at, payload, record_type}, meta}. */
function event(eventType: string, payload: Record<string, unknown>) {
  return {
    data: { event_type: eventType, id: randomUUID(), occurred_at: new Date().toISOString(), payload, record_type: "event" },
    meta: { attempt: 1, delivered_to: `${PUBLIC_URL}/webhooks/telnyx/${inboxId}` },
  };
}
function received(o: { id?: string; from: string; text: string; media?: Array<{ url: string; content_type: string }> }) {
  return event("message.received", {
    id: o.id ?? randomUUID(),
    record_type: "message",
    direction: "inbound",
    type: o.media ? "MMS" : "SMS",
    text: o.text,
    media: o.media ?? [],
    from: { phone_number: o.from, carrier: "T-Mobile USA", line_type: "Wireless" },
    to: [{ phone_number: INBOX_NUMBER, status: "webhook_delivered" }],
    received_at: new Date().toISOString(),
    errors: [],
  });
}
function delivery(eventType: string, id: string, status: string, errors: unknown[] = []) {
  return event(eventType, {
    id,
    record_type: "message",
    direction: "outbound",
    type: "SMS",
    from: { phone_number: INBOX_NUMBER },
    to: [{ phone_number: "+13125550199", status }],
    errors,
  });
}

async function post(body: unknown, o: { key?: KeyObject; timestamp?: number; tamper?: (raw: string) => string; headers?: false; path?: string } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(`${timestamp}|${raw}`), o.key ?? keys.privateKey).toString("base64");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (o.headers !== false) Object.assign(headers, { "telnyx-signature-ed25519": signature, "telnyx-timestamp": timestamp });
  const res = await fetch(`${s.url}${o.path ?? `/webhooks/telnyx/${inboxId}`}`, { method: "POST", headers, body: o.tamper ? o.tamper(raw) : raw });
  return res.status;
}
function stored(carrierMessageId: string) {
  return queryRows<Record<string, string>>(
    s.dbFile,
    "select status, body, media, errorCode, errorReason from message where carrierMessageId = ?",
    carrierMessageId,
  );
}

describe("Telnyx webhook", () => {
  it("stores a signed message.received once, however often Telnyx retries it", async () => {
    const body = received({ from: "+13125550199", text: "Can I move my delivery to Friday?" });
    expect(await post(body)).toBe(200);
    expect(await post(body)).toBe(200);
    expect(await stored(body.data.payload.id as string)).toEqual([expect.objectContaining({ status: "received", body: "Can I move my delivery to Friday?" })]);
  });

  it("records MMS media with content types", async () => {
    const media = [{ url: "https://media.telnyx.com/a1b2c3.jpg", content_type: "image/jpeg" }];
    const body = received({ from: "+13125550198", text: "", media });
    expect(await post(body)).toBe(200);
    expect(JSON.parse((await stored(body.data.payload.id as string))[0].media)).toEqual([{ url: media[0].url, contentType: "image/jpeg" }]);
  });

  it.each([
    ["signed with another key", { key: generateKeyPairSync("ed25519").privateKey }],
    ["with a changed body", { tamper: (raw: string) => raw.replace("Refund", "Refunds") }],
    ["without signature headers", { headers: false as const }],
    ["with a timestamp six minutes old", { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ["with a timestamp six minutes ahead", { timestamp: Math.floor(Date.now() / 1000) + 360 }],
  ])("refuses a request %s with 403 and stores nothing", async (_name, opts) => {
    const body = received({ from: "+13125550197", text: "Refund please" });
    expect(await post(body, opts)).toBe(403);
    expect(await stored(body.data.payload.id as string)).toEqual([]);
  });

  it("accepts a timestamp four minutes old", async () => {
    const body = received({ from: "+13125550197", text: "Still there?" });
    expect(await post(body, { timestamp: Math.floor(Date.now() / 1000) - 240 })).toBe(200);
  });

  it("answers 404 for an unknown inbox and for an inbox on another carrier", async () => {
    const main = (await s.call("GET", "/v1/inboxes", { token: owner })).body.inboxes.find((i: { carrier: string }) => i.carrier === "simulator");
    expect(await post(received({ from: "+13125550196", text: "hi" }), { path: "/webhooks/telnyx/inb_nope" })).toBe(404);
    expect(await post(received({ from: "+13125550196", text: "hi" }), { path: `/webhooks/telnyx/${main.id}` })).toBe(404);
  });

  it("answers 400, not 500, for a signed body that is not a Telnyx event", async () => {
    expect(await post({ data: { event_type: "message.received", payload: { id: 5 } } })).toBe(400);
    expect(await post([1, 2, 3])).toBe(400);
  });

  it("sends through Telnyx and applies message.sent and message.finalized forward only", async () => {
    const res = await s.call("POST", "/v1/messages", { token: owner, json: { inboxId, to: "+13125550199", body: "Friday works", clientId: "telnyx-1" } });
    const messageId = res.body.message.id;
    const sent = await waitFor("handed to Telnyx", () => fake.seen.find((r) => r.body.text === "Friday works"));
    expect(sent.body).toMatchObject({ from: INBOX_NUMBER, to: "+13125550199", webhook_url: `${PUBLIC_URL}/webhooks/telnyx/${inboxId}` });
    const carrierId = await waitFor(
      "carrier id",
      async () =>
        (await queryRows<{ carrierMessageId: string | null }>(s.dbFile, "select carrierMessageId from message where id = ?", messageId))[0].carrierMessageId,
    );
    expect(await post(delivery("message.finalized", carrierId, "delivered"))).toBe(200);
    expect(await post(delivery("message.sent", carrierId, "sent"))).toBe(200);
    expect((await stored(carrierId))[0].status).toBe("delivered");
  });

  it("records delivery_failed with Telnyx's error", async () => {
    await s.call("POST", "/v1/messages", { token: owner, json: { inboxId, to: "+13125550195", body: "Your code is 4411", clientId: "telnyx-2" } });
    await waitFor("handed to Telnyx", () => fake.seen.find((r) => r.body.text === "Your code is 4411"));
    const carrierId = await waitFor(
      "carrier id",
      async () =>
        (await queryRows<{ carrierMessageId: string | null }>(s.dbFile, "select carrierMessageId from message where body = ?", "Your code is 4411"))[0]
          .carrierMessageId,
    );
    const errors = [{ code: "40008", title: "Undeliverable", detail: "The message could not be delivered to the handset" }];
    expect(await post(delivery("message.finalized", carrierId, "delivery_failed", errors))).toBe(200);
    expect((await stored(carrierId))[0]).toMatchObject({
      status: "undelivered",
      errorCode: "40008",
      errorReason: "The message could not be delivered to the handset",
    });
  });
});
