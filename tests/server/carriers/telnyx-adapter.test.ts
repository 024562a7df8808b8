// The Telnyx adapter driving the real `telnyx` package against a local stand-in for POST /v2/messages,
// answering with Telnyx's documented bodies ({data: {...}} and {errors: [{code, title, detail}]}).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelnyxCarrier } from "../../../server/carriers/telnyx";
import type { OutboundSms } from "../../../server/carriers/carrier";

const apiKey = "KEY0123456789ABCDEF_test";
const seen: Array<{ path: string; auth?: string; body: any }> = [];
const script: Array<{ status: number; body: unknown; headers?: Record<string, string> } | "drop"> = [];
let server: http.Server;
let baseURL: string;

const telnyxError = (status: number, code: string, title: string, detail: string) => ({ status, body: { errors: [{ code, title, detail }] } });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}");
      seen.push({ path: req.url!, auth: req.headers.authorization, body });
      const next = script.shift();
      if (next === "drop") return req.socket.destroy();
      const answer = next ?? {
        status: 200,
        body: { data: { record_type: "message", direction: "outbound", id: "40317f2e-1a8c-4d2a-9a43-7a43c3e6f1a2", type: body.media_urls ? "MMS" : "SMS",
          from: { phone_number: body.from }, to: [{ phone_number: body.to, status: "queued" }], text: body.text ?? "", media: [] } },
      };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
beforeEach(() => void ((seen.length = 0), (script.length = 0)));

const carrier = () => createTelnyxCarrier({ apiKey, messagingProfileId: "4001767e-ce0f-4cae-9d5f-0d5e636e7809", baseURL });
const sms = (over: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: "msg_1", from: "+12125550100", to: "+12125550199", body: "See you at 3", mediaUrls: [],
  statusCallbackUrl: "https://inbox.example.com/webhooks/telnyx/inb_1", ...over,
});

describe("Telnyx adapter", () => {
  it("sends from, to, text, the messaging profile and the webhook URL with the API key", async () => {
    expect(await carrier().send(sms())).toEqual({ ok: true, carrierMessageId: "40317f2e-1a8c-4d2a-9a43-7a43c3e6f1a2", status: "sending" });
    expect(seen).toEqual([{
      path: "/v2/messages", auth: `Bearer ${apiKey}`,
      body: { from: "+12125550100", to: "+12125550199", text: "See you at 3", messaging_profile_id: "4001767e-ce0f-4cae-9d5f-0d5e636e7809", webhook_url: "https://inbox.example.com/webhooks/telnyx/inb_1" },
    }]);
  });

  it("sends media URLs as an MMS", async () => {
    await carrier().send(sms({ mediaUrls: ["https://cdn.example.com/a.jpg"] }));
    expect(seen[0].body).toMatchObject({ media_urls: ["https://cdn.example.com/a.jpg"], type: "MMS" });
  });

  it("fails permanently on 40300 and says the recipient opted out", async () => {
    script.push(telnyxError(400, "40300", "Blocked due to STOP message", "Recipient has replied STOP"));
    expect(await carrier().send(sms())).toEqual({ ok: false, permanent: true, errorCode: "40300", recipientOptedOut: true, errorReason: expect.stringMatching(/opted out/) });
  });

  it("fails permanently on an invalid number with a human reason", async () => {
    script.push(telnyxError(400, "40310", "Invalid 'to' address", "The 'to' address should be in +E.164 format"));
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: true, errorCode: "40310", errorReason: "The phone number is not a valid number" });
  });

  it("retries 429 after Retry-After, and 5xx and dropped connections, without retrying inside the package", async () => {
    script.push({ ...telnyxError(429, "10011", "Too many requests", "Slow down"), headers: { "retry-after": "2" } });
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: false, errorCode: "10011", retryAfterMs: 2000 });
    script.push(telnyxError(503, "10007", "Unexpected error", "Try again"));
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: false, errorCode: "10007" });
    script.push("drop");
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: false, errorCode: "network_error" });
    expect(seen).toHaveLength(3);
  });

  it("fails permanently when the API key is rejected", async () => {
    script.push(telnyxError(401, "10009", "Authentication failed", "Could not understand the provided credentials"));
    expect(await carrier().send(sms())).toMatchObject({ ok: false, permanent: true, errorReason: expect.stringMatching(/API key/) });
  });
});
