// The inbox admin API: owners and admins create and change inboxes with carrier credentials, which are
// validated per carrier, encrypted at rest and never returned by any endpoint or event.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptCredentials } from "../../server/carriers/credentials";
import { startServer, type TestServer } from "../support/server";
import { queryRows } from "../support/test-database";

const accountSid = `AC${"5e1f0a7c3b9d24e6".repeat(2)}`;
const authToken = "9f3c1e7a5b2d4f6081a3c5e7092b4d6f";
const telnyxApiKey = "KEY0190ABCDEF_secretTelnyxKey1234";
const telnyxPublicKey = Buffer.from(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");

let s: TestServer;
let owner: string;
let agent: string;
beforeAll(async () => {
  s = await startServer();
  owner = await s.login("admin@demo.test");
  agent = await s.login("alice@demo.test");
});
afterAll(() => s.close());

const twilioInbox = (phoneNumber: string) => ({ name: "Front desk", phoneNumber, carrier: "twilio", credentials: { accountSid, authToken } });

describe("inbox admin API", () => {
  it("creates a Twilio inbox for an owner, normalising the number, and never returns the credentials", async () => {
    const res = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("(415) 555-0142") });
    expect(res.status).toBe(201);
    expect(res.body.inbox).toMatchObject({ name: "Front desk", phoneNumber: "+14155550142", carrier: "twilio" });
    expect(Object.keys(res.body.inbox).sort()).toEqual([
      "carrier",
      "createdAt",
      "helpText",
      "id",
      "locationId",
      "locationName",
      "memberIds",
      "name",
      "phoneNumber",
    ]);
    expect(JSON.stringify(res.body)).not.toContain(authToken);
  });

  it("stores the credentials encrypted, bound to their inbox", async () => {
    const { body } = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("+14155550143") });
    const rows = await queryRows<{ id: string; credentialsEncrypted: string }>(s.dbFile, "select id, credentialsEncrypted from inbox where carrier = 'twilio'");
    const row = rows.find((r) => r.id === body.inbox.id)!;
    expect(row.credentialsEncrypted).not.toContain(authToken);
    expect(row.credentialsEncrypted).not.toContain(Buffer.from(authToken).toString("base64"));
    expect(decryptCredentials(s.config.secretKey, row.id, row.credentialsEncrypted)).toEqual({ accountSid, authToken });
    const other = rows.find((r) => r.id !== row.id)!;
    expect(() => decryptCredentials(s.config.secretKey, other.id, row.credentialsEncrypted)).toThrow(/do not decrypt/);
    expect(() => decryptCredentials("another-secret", row.id, row.credentialsEncrypted)).toThrow(/do not decrypt/);
  });

  it("creates a Telnyx inbox with its API key and webhook public key", async () => {
    const res = await s.call("POST", "/v1/inboxes", {
      token: owner,
      json: { name: "Telnyx line", phoneNumber: "+13125550100", carrier: "telnyx", credentials: { apiKey: telnyxApiKey, publicKey: telnyxPublicKey } },
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(telnyxApiKey);
  });

  it("refuses an agent with 403 and creates nothing", async () => {
    const before = (await s.call("GET", "/v1/inboxes", { token: owner })).body.inboxes.length;
    const res = await s.call("POST", "/v1/inboxes", { token: agent, json: twilioInbox("+14155550144") });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await s.call("GET", "/v1/inboxes", { token: owner })).body.inboxes.length).toBe(before);
    const [inbox] = (await s.call("GET", "/v1/inboxes", { token: agent })).body.inboxes;
    expect((await s.call("PATCH", `/v1/inboxes/${inbox.id}`, { token: agent, json: { name: "Mine now" } })).status).toBe(403);
  });

  it.each([
    ["a malformed Account SID", { ...twilioInbox("+14155550145"), credentials: { accountSid: "AC123", authToken } }, /accountSid/],
    ["missing credentials", { name: "No creds", phoneNumber: "+14155550146", carrier: "twilio" }, /credentials/],
    ["Telnyx fields on a Twilio inbox", { ...twilioInbox("+14155550147"), credentials: { apiKey: telnyxApiKey, publicKey: telnyxPublicKey } }, /accountSid/],
    [
      "a Telnyx key that is not Ed25519",
      { name: "T", phoneNumber: "+13125550101", carrier: "telnyx", credentials: { apiKey: telnyxApiKey, publicKey: "bm90IGEga2V5" } },
      /publicKey/,
    ],
    [
      "credentials on a simulator inbox",
      { name: "Sim", phoneNumber: "+14155550148", carrier: "simulator", credentials: { authToken } },
      /simulator takes no credentials/,
    ],
    ["an invalid phone number", twilioInbox("555"), /phoneNumber/],
    ["an unknown field", { ...twilioInbox("+14155550149"), webhookSecret: "x" }, /webhookSecret|Unrecognized/],
  ])("answers 400 for %s, without echoing the secret", async (_name, json, message) => {
    const res = await s.call("POST", "/v1/inboxes", { token: owner, json });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toContain(authToken);
  });

  it("answers 409 when another inbox has the number", async () => {
    const res = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("+14155550100") });
    expect(res).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });

  it("lets an admin replace credentials and members; a missing inbox is 404", async () => {
    const { body } = await s.call("POST", "/v1/inboxes", { token: owner, json: twilioInbox("+14155550150") });
    const users = (await s.call("GET", "/v1/users", { token: owner })).body.users as Array<{ id: string; email: string }>;
    const alice = users.find((u) => u.email === "alice@demo.test")!.id;
    const res = await s.call("PATCH", `/v1/inboxes/${body.inbox.id}`, {
      token: owner,
      json: { credentials: { accountSid, authToken: "0".repeat(32) }, memberIds: [alice], helpText: "Reply STOP to opt out." },
    });
    expect(res.status).toBe(200);
    expect(res.body.inbox).toMatchObject({ memberIds: [alice], helpText: "Reply STOP to opt out." });
    expect((await s.call("PATCH", `/v1/inboxes/${body.inbox.id}`, { token: owner, json: { credentials: { authToken } } })).status).toBe(400);
    expect((await s.call("PATCH", "/v1/inboxes/inb_missing", { token: owner, json: { name: "x" } })).status).toBe(404);
  });

  it("never shows a token in any read endpoint or in the event feed", async () => {
    for (const path of ["/v1/inboxes", "/v1/me", "/v1/bootstrap", "/v1/sync?after=0&limit=1000", "/v1/users"]) {
      const res = await s.call("GET", path, { token: owner });
      expect(res.status, path).toBe(200);
      expect(JSON.stringify(res.body), path).not.toContain(authToken);
      expect(JSON.stringify(res.body), path).not.toContain(telnyxApiKey);
    }
    const events = await queryRows<{ data: string }>(s.dbFile, "select data from event");
    expect(events.some((e) => e.data.includes(authToken) || e.data.includes(telnyxApiKey))).toBe(false);
  });
});
