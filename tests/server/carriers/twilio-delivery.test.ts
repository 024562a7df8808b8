// Outbound through Twilio end to end: the worker sends with the real package (to a local Twilio stand-in)
// and signed status callbacks move the message forward only, however late, doubled or shuffled they come.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCarrierEndpoints } from "../../../server/carriers/connected-carriers";
import { findOrCreateContact } from "../../../server/contacts/contacts.repository";
import { findOrCreateConversation } from "../../../server/conversations/conversations.repository";
import { failInterruptedSends } from "../../../server/delivery/interrupted-sends";
import { inTransaction } from "../../../server/events/transaction";
import { insertMessage } from "../../../server/messages/messages.repository";
import { startServer, waitFor, type TestServer } from "../../support/server";
import { queryRows } from "../../support/test-database";
import { LocalRequestClient, startFakeTwilio, twilioError } from "./fake-twilio";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, signedTwilioPost, statusParams } from "./twilio-payloads";

const PUBLIC_URL = "https://sidetext.example.com";
const INBOX_NUMBER = "+14155550166";
let s: TestServer;
let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
let owner: string;
let inboxId: string;
let hookUrl: string;
let clientSeq = 0;

beforeAll(async () => {
  fake = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  s = await startServer({ publicUrl: PUBLIC_URL });
  useCarrierEndpoints(s.app.ctx, { twilioHttpClient: new LocalRequestClient(fake.baseUrl) });
  owner = await s.login("admin@demo.test");
  const res = await s.call("POST", "/v1/inboxes", {
    token: owner,
    json: { name: "Twilio out", phoneNumber: INBOX_NUMBER, carrier: "twilio", credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
  });
  inboxId = res.body.inbox.id;
  hookUrl = `${PUBLIC_URL}/webhooks/twilio/${inboxId}`;
});
afterAll(async () => {
  await s.close();
  await fake.close();
});

interface Row {
  status: string;
  carrierMessageId: string | null;
  errorCode: string | null;
  errorReason: string | null;
}
async function row(id: string): Promise<Row> {
  return (await queryRows<Row>(s.dbFile, "select status, carrierMessageId, errorCode, errorReason from message where id = ?", id))[0];
}
async function updates(id: string): Promise<number> {
  return (await queryRows<{ n: number }>(s.dbFile, "select count(*) as n from event where type = 'message.updated' and json_extract(data, '$.id') = ?", id))[0]
    .n;
}

async function send(to: string, body = "Your order is ready for pickup") {
  const res = await s.call("POST", "/v1/messages", { token: owner, json: { inboxId, to, body, clientId: `c${++clientSeq}` } });
  expect(res.status).toBe(201);
  return res.body.message.id as string;
}
const handedOver = (id: string) => waitFor(`message ${id} handed to Twilio`, async () => ((await row(id)).carrierMessageId ? row(id) : null));
const callback = (sid: string, status: string, errorCode?: string) =>
  deliver(s.url, signedTwilioPost(hookUrl, statusParams({ sid, status, from: INBOX_NUMBER, to: "+14155550188", errorCode })));

describe("outbound through Twilio", () => {
  it("hands the text to Twilio with this inbox's status callback URL", async () => {
    const id = await send("+14155550188");
    const { carrierMessageId, status } = await handedOver(id);
    expect(status).toBe("sending");
    const req = fake.seen.find((r) => r.form.get("To") === "+14155550188")!;
    expect(Object.fromEntries(req.form)).toMatchObject({ From: INBOX_NUMBER, StatusCallback: hookUrl, Body: "Your order is ready for pickup" });
    expect(carrierMessageId).toMatch(/^SM/);
  });

  it("moves forward on sent then delivered, and ignores late, repeated and backward callbacks", async () => {
    const id = await send("+14155550187");
    const sid = (await handedOver(id)).carrierMessageId!;
    expect((await callback(sid, "sent")).status).toBe(200);
    expect((await row(id)).status).toBe("sent");
    await callback(sid, "delivered");
    expect((await row(id)).status).toBe("delivered");
    const settled = await updates(id);
    for (const late of ["delivered", "sent", "sending", "queued", "failed", "undelivered"]) expect((await callback(sid, late)).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: "delivered", errorCode: null });
    expect(await updates(id)).toBe(settled);
  });

  it("keeps delivered when sent arrives after it", async () => {
    const id = await send("+14155550186");
    const sid = (await handedOver(id)).carrierMessageId!;
    await callback(sid, "delivered");
    await callback(sid, "sent");
    expect((await row(id)).status).toBe("delivered");
  });

  it("records undelivered with Twilio's error code and a human reason", async () => {
    const id = await send("+14155550185");
    const sid = (await handedOver(id)).carrierMessageId!;
    await callback(sid, "undelivered", "30007");
    expect(await row(id)).toEqual({ status: "undelivered", carrierMessageId: sid, errorCode: "30007", errorReason: "The carrier filtered the text as spam" });
  });

  it.each([
    ["queued", "sending"],
    ["accepted", "sending"],
    ["scheduled", "sending"],
    ["sending", "sending"],
    ["sent", "sent"],
    ["delivered", "delivered"],
    ["read", "delivered"],
    ["undelivered", "undelivered"],
    ["failed", "failed"],
    ["canceled", "failed"],
    ["partially_delivered", "undelivered"],
    ["receiving", "sending"],
    ["received", "sending"],
  ])("accepts Twilio's %s and leaves the message %s", async (twilioStatus, ours) => {
    const id = await send(`+1415555${String(1000 + clientSeq).slice(-4)}`);
    const sid = (await handedOver(id)).carrierMessageId!;
    expect((await callback(sid, twilioStatus)).status).toBe(200);
    expect((await row(id)).status).toBe(ours);
  });

  it("fails at once on 21610 and opts the contact out, so the next send is refused", async () => {
    const id = await send("+15005550004");
    const failed = await waitFor("21610 failure", async () => ((await row(id)).status === "failed" ? row(id) : null));
    expect(failed).toMatchObject({ errorCode: "21610", errorReason: expect.stringMatching(/opted out/) });
    const again = await s.call("POST", "/v1/messages", { token: owner, json: { inboxId, to: "+15005550004", body: "Hello?", clientId: "after-stop" } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "opted_out" } } });
  });

  it("retries after a 429 and a 500, then sends once: after the 500 it first asks Twilio whether it has the text", async () => {
    fake.script.push({ ...twilioError(429, 20429, "Too Many Requests"), headers: { "retry-after": "0" } }, twilioError(500, 20500, "Internal Server Error"));
    const before = fake.seen.length;
    const id = await send("+14155550184");
    await waitFor("sent after retries", async () => (await row(id)).carrierMessageId, 10_000);
    expect(fake.seen.slice(before).map((r) => r.method)).toEqual(["POST", "POST", "GET", "GET", "POST"]);
    expect(await row(id)).toMatchObject({ status: "sending", errorCode: null });
  });

  it.each([
    ["a 502", { accept: twilioError(502, 20500, "Bad Gateway") }],
    ["a 504", { accept: twilioError(504, 20504, "Gateway Timeout") }],
    ["a connection dropped before the answer", { accept: "drop" as const }],
  ])("never texts twice after %s that came when Twilio had taken the text: it is found and kept", async (_what, answer) => {
    fake.script.push(answer);
    const to = `+1415555${String(200 + ++clientSeq).padStart(4, "0")}`;
    const before = fake.seen.length;
    const id = await send(to, "Exactly once, please");
    const found = await waitFor("found at Twilio", async () => ((await row(id)).carrierMessageId ? row(id) : null), 10_000);
    const taken = fake.messages.filter((m) => m.to === to);
    expect(taken).toHaveLength(1);
    expect(found).toMatchObject({ status: "sending", carrierMessageId: taken[0].sid, errorCode: null, errorReason: null });
    expect(fake.seen.slice(before).filter((r) => r.method === "POST")).toHaveLength(1);
    const sends = await queryRows<{ uncertainSince: string | null; sendAttempts: number }>(
      s.dbFile,
      "select uncertainSince, sendAttempts from message where id = ?",
      id,
    );
    expect(sends[0]).toEqual({ uncertainSince: null, sendAttempts: 2 });
  });

  it("sends again after a 502 when Twilio does not have the text", async () => {
    fake.script.push(twilioError(502, 20500, "Bad Gateway"));
    const to = "+14155550177";
    const id = await send(to, "Second try goes out");
    await waitFor("sent on the second try", async () => (await row(id)).carrierMessageId, 10_000);
    expect(fake.messages.filter((m) => m.to === to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sending", errorCode: null });
  });

  it("waits at most a minute whatever Retry-After a 429 asks for", async () => {
    fake.script.push({ ...twilioError(429, 20429, "Too Many Requests"), headers: { "retry-after": "86400" } });
    const id = await send("+14155550176");
    const waiting = await waitFor("the retry planned", async () => {
      const [r] = await queryRows<{ nextAttemptAt: string | null; errorCode: string | null }>(
        s.dbFile,
        "select nextAttemptAt, errorCode from message where id = ?",
        id,
      );
      return r.errorCode === "20429" && r.nextAttemptAt ? r : null;
    });
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeLessThanOrEqual(1.2 * 60_000);
  });

  it("uses new credentials as soon as an admin replaces them", async () => {
    await s.call("PATCH", `/v1/inboxes/${inboxId}`, { token: owner, json: { credentials: { accountSid: ACCOUNT_SID, authToken: "0".repeat(32) } } });
    const id = await send("+14155550183");
    const failed = await waitFor("refused by Twilio", async () => ((await row(id)).status === "failed" ? row(id) : null));
    expect(failed).toMatchObject({ errorCode: "20003", errorReason: expect.stringMatching(/credentials/) });
    await s.call("PATCH", `/v1/inboxes/${inboxId}`, { token: owner, json: { credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } } });
    const ok = await send("+14155550183", "Sorry, trying again");
    expect((await handedOver(ok)).status).toBe("sending");
  });
});

describe("a Twilio send the server stopped in the middle of", () => {
  /** A message left as a crash leaves it: `sending`, no carrier id, not waiting for a retry. */
  async function leftInFlight(to: string, body: string) {
    const ctx = s.app.ctx;
    return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
      const { contact } = await findOrCreateContact(tx.db, to);
      const { conversation } = await findOrCreateConversation(tx.db, inboxId, contact.id);
      const message = await insertMessage(tx.db, {
        conversationId: conversation.id,
        inboxId,
        contactId: contact.id,
        direction: "outbound",
        body,
        media: [],
        status: "sending",
        authorId: null,
        clientId: null,
      });
      await tx.db.updateTable("message").set({ nextAttemptAt: null }).where("id", "=", message.id).execute();
      return message.id;
    });
  }

  it("is looked up at Twilio after the restart and kept when Twilio took it, never sent twice", async () => {
    const to = "+14155550171";
    const id = await leftInFlight(to, "Sent just before the crash");
    // Twilio took it before the process died.
    fake.messages.push({
      sid: `SM${"c".repeat(32)}`,
      account_sid: ACCOUNT_SID,
      from: INBOX_NUMBER,
      to,
      body: "Sent just before the crash",
      status: "sent",
      direction: "outbound-api",
      date_created: new Date().toUTCString(),
      date_updated: new Date().toUTCString(),
      date_sent: new Date().toUTCString(),
    });
    const before = fake.seen.length;
    await failInterruptedSends(s.app.ctx);
    const found = await waitFor("found at Twilio", async () => ((await row(id)).carrierMessageId ? row(id) : null), 10_000);
    expect(found).toMatchObject({ status: "sent", carrierMessageId: `SM${"c".repeat(32)}`, errorCode: null });
    expect(fake.seen.slice(before).filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("is sent after the restart when Twilio does not have it", async () => {
    const to = "+14155550172";
    const id = await leftInFlight(to, "Never reached Twilio");
    await failInterruptedSends(s.app.ctx);
    await waitFor("sent", async () => (await row(id)).carrierMessageId, 10_000);
    expect(fake.messages.filter((m) => m.to === to)).toHaveLength(1);
  });
});
