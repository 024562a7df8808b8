// Outbound through Telnyx end to end, when the answer is lost: the worker sends with the real `telnyx`
// package to a local stand-in; a 502 or a dropped connection after Telnyx took the text is followed by a
// look at Telnyx's messaging detail records, never by a second text.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCarrierEndpoints } from "../../../server/carriers/connected-carriers";
import { startServer, waitFor, type TestServer } from "../../support/server";
import { queryRows } from "../../support/test-database";
import { startFakeTelnyx, telnyxError, type TelnyxScript } from "./fake-telnyx";

const INBOX_NUMBER = "+13125550177";
const publicKey = Buffer.from(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");
let s: TestServer;
let fake: Awaited<ReturnType<typeof startFakeTelnyx>>;
let owner: string;
let inboxId: string;
let n = 0;

beforeAll(async () => {
  fake = await startFakeTelnyx();
  s = await startServer({ publicUrl: "https://sidetext.example.com" });
  useCarrierEndpoints(s.app.ctx, { telnyxBaseUrl: fake.baseURL });
  owner = await s.login("admin@demo.test");
  const res = await s.call("POST", "/v1/inboxes", {
    token: owner,
    json: { name: "Telnyx out", phoneNumber: INBOX_NUMBER, carrier: "telnyx", credentials: { apiKey: "KEY01TELNYXSECRET_abc", publicKey } },
  });
  inboxId = res.body.inbox.id;
});
afterAll(async () => {
  await s.close();
  await fake.close();
});

interface Row {
  status: string;
  carrierMessageId: string | null;
  errorCode: string | null;
  sendAttempts: number;
  uncertainSince: string | null;
}
const row = async (id: string) =>
  (await queryRows<Row>(s.dbFile, "select status, carrierMessageId, errorCode, sendAttempts, uncertainSince from message where id = ?", id))[0];

async function send(to: string) {
  const res = await s.call("POST", "/v1/messages", { token: owner, json: { inboxId, to, body: "Your table is ready", clientId: `t${++n}` } });
  expect(res.status).toBe(201);
  return res.body.message.id as string;
}

describe("outbound through Telnyx when the answer is lost", () => {
  it.each<[string, TelnyxScript]>([
    ["a 502", { accept: telnyxError(502, "10007", "Bad gateway", "Try again") }],
    ["a dropped connection", { accept: "drop" }],
  ])("never texts twice after %s that came when Telnyx had taken the text", async (_what, answer) => {
    fake.script.push(answer);
    const to = `+1312555${String(1000 + n)}`;
    const id = await send(to);
    const found = await waitFor("found in Telnyx's records", async () => ((await row(id)).carrierMessageId ? row(id) : null), 10_000);
    const taken = fake.records.filter((r) => r.cld === to);
    expect(taken).toHaveLength(1);
    expect(found).toMatchObject({ carrierMessageId: taken[0].uuid, status: "sent", errorCode: null, sendAttempts: 2, uncertainSince: null });
    expect(fake.seen.filter((r) => r.method === "POST" && r.body.to === to)).toHaveLength(1);
    expect(fake.seen.some((r) => r.method === "GET" && r.path.startsWith("/v2/detail_records"))).toBe(true);
  });

  it("sends again after a 502 when Telnyx has no record of the text", async () => {
    fake.script.push(telnyxError(502, "10007", "Bad gateway", "Try again"));
    const to = "+13125559999";
    const id = await send(to);
    await waitFor("sent on the second try", async () => (await row(id)).carrierMessageId, 10_000);
    expect(fake.records.filter((r) => r.cld === to)).toHaveLength(1);
    expect(fake.seen.filter((r) => r.method === "POST" && r.body.to === to)).toHaveLength(2);
  });
});
