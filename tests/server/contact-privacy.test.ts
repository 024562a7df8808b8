// A contact's name and attributes stay with the inboxes it was introduced to (server/contacts/contact-profile.ts):
// bob (Main line only) texting a Support line customer's number learns nothing about who that is, in any
// answer or event, until the customer texts Main line back. The opt-out is enforced workspace-wide.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { openStream, type StreamConn } from "./support/stream-client";
import { demo, textIn, type Demo } from "./support/demo";
import { headSeq, snapshot } from "./support/workspace";

let server: TestServer;
let d: Demo;
const streams: StreamConn[] = [];
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(async () => {
  await Promise.all(streams.map((c) => c.close()));
  await server.close();
});

// Support line only, in the demo: Ava Thompson of Peachtree Accounting, and Lucas White of Desert Solar.
const ava = { phone: "+14045550152", secrets: ["Ava", "Thompson", "Peachtree", "Atlanta", "ava.thompson"] };
const lucas = { phone: "+16025550184", secrets: ["Lucas", "White", "Desert Solar", "Phoenix"] };
const contactIdOf = async (phone: string) =>
  (await server.app.ctx.database.db.selectFrom("contact").select("id").where("phoneNumber", "=", phone).executeTakeFirstOrThrow()).id;
const expectNothingOf = (body: unknown, secrets: string[]) => {
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
};
const textBob = (to: string, clientId: string) =>
  server.call("POST", "/v1/messages", { token: d.bob, json: { inboxId: d.mainLine, to, body: "Hello from sales", clientId } });

describe("a contact bob may not see", () => {
  it("refuses a send to an opted-out number without its name, id or opt-out time", async () => {
    await textIn(server, d.admin, d.supportLine, lucas.phone, "STOP");
    const contactId = await contactIdOf(lucas.phone);
    const { optedOutAt } = await server.app.ctx.database.db.selectFrom("contact").select("optedOutAt").where("id", "=", contactId).executeTakeFirstOrThrow();
    const before = await snapshot(server);
    const res = await textBob("(602) 555-0184", "to-lucas");
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "opted_out", message: "This number has opted out of texts; they can text START to opt back in" } });
    expectNothingOf(res.body, [...lucas.secrets, contactId, optedOutAt!]);
    expect(await snapshot(server)).toEqual(before);
  });

  it("sends to a Support line customer's number but shows bob only the number, everywhere", async () => {
    const live = await openStream(server, d.bob, await headSeq(server));
    streams.push(live);
    const res = await textBob(ava.phone, "to-ava");
    expect(res.status).toBe(201);
    expect(res.body.contact).toMatchObject({ phoneNumber: ava.phone, name: null, attributes: {}, optOutMessageId: null });
    expectNothingOf(res.body, ava.secrets);
    const conversationId = res.body.conversation.id;

    // The stream tells bob about the contact (his inbox now has a conversation with it), without the profile.
    const event = await waitFor("the contact on bob's stream", () =>
      live.events().find((e) => e.type === "contact.updated" && e.data.id === res.body.contact.id),
    );
    expect(event.data).toMatchObject({ phoneNumber: ava.phone, name: null, attributes: {} });
    expectNothingOf(live.frames, ava.secrets);

    const answers = await Promise.all([
      server.call("GET", `/v1/lookup?phone=${encodeURIComponent(ava.phone)}`, { token: d.bob }),
      server.call("GET", "/v1/bootstrap", { token: d.bob }),
      server.call("GET", "/v1/sync?after=0&limit=1000", { token: d.bob }),
      server.call("GET", `/v1/conversations/${conversationId}`, { token: d.bob }),
      server.call("GET", "/v1/conversations?limit=100", { token: d.bob }),
    ]);
    expect(answers[2].body.hasMore).toBe(false);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expectNothingOf(answer.body, ava.secrets);
    }
    expect(answers[0].body.contact).toMatchObject({ phoneNumber: ava.phone, name: null });
    expect(answers[1].body.contacts.find((c: { id: string }) => c.id === res.body.contact.id)).toMatchObject({ name: null, attributes: {} });
    // Searching her name finds nothing of hers for bob.
    const search = await server.call("GET", "/v1/conversations?q=Thompson", { token: d.bob });
    expect(search.body.conversations).toEqual([]);
    // A replay from the start of the feed says no more.
    const replay = await openStream(server, d.bob, 0);
    streams.push(replay);
    expectNothingOf(replay.frames, ava.secrets);
  });

  it("still shows Support line members the whole profile", async () => {
    const lookup = await server.call("GET", `/v1/lookup?phone=${encodeURIComponent(ava.phone)}`, { token: d.alice });
    expect(lookup.body.contact).toMatchObject({ name: "Ava Thompson", attributes: { company: "Peachtree Accounting" } });
    const sync = await server.call("GET", "/v1/sync?after=0&limit=1000", { token: d.alice });
    expect(JSON.stringify(sync.body)).toContain("Peachtree Accounting");
  });

  it("introduces the contact to Main line once the customer texts it back, live and on lookup", async () => {
    const live = await openStream(server, d.bob, await headSeq(server));
    streams.push(live);
    await textIn(server, d.admin, d.mainLine, ava.phone, "Who is this?");
    const event = await waitFor("the full contact", () => live.events().find((e) => e.type === "contact.updated" && e.data.name === "Ava Thompson"));
    expect(event.data).toMatchObject({ phoneNumber: ava.phone, attributes: { company: "Peachtree Accounting" } });
    const lookup = await server.call("GET", `/v1/lookup?phone=${encodeURIComponent(ava.phone)}`, { token: d.bob });
    expect(lookup.body.contact).toMatchObject({ name: "Ava Thompson" });
  });
});
