// Issue 18: moving a conversation to another location. It goes with its messages and notes, unassigned;
// the answer warns that replies now come from another number; who no longer sees it loses it at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { openStream } from "./support/stream-client";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { conversationWith, eventsOfRequest, headSeq, snapshot } from "./support/workspace";

let s: TestServer;
let o: Organisation;
let tom: string;
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
  tom = await conversationWith(s, o.inbox.uptown, "Tom Becker");
});
afterAll(() => s.close());

const as = (who: Who, method: string, path: string, json?: unknown) => s.call(method, path, { token: o.token[who], json });

describe("POST /v1/conversations/:id/transfer", () => {
  it("lists every location's inboxes as targets, names and numbers only", async () => {
    const { targets } = (await as("uma", "GET", "/v1/transfer-targets")).body;
    expect(targets.map((t: { locationName: string; inboxName: string }) => `${t.locationName}/${t.inboxName}`)).toEqual([
      "Airport/Airport desk",
      "Downtown/Main line",
      "Downtown/Support line",
      "Uptown/Uptown line",
    ]);
    expect(Object.keys(targets[0]).sort()).toEqual(["inboxId", "inboxName", "locationId", "locationName", "phoneNumber"]);
  });

  it("moves Tom's conversation from Uptown to the Airport with its thread; Uma loses it, Ari has it", async () => {
    await as("uma", "POST", `/v1/conversations/${tom}/notes`, { body: "He asked about parking" });
    await as("admin", "PATCH", `/v1/conversations/${tom}`, { assigneeId: o.userId.uma });
    const stream = await openStream(s, o.token.uma);
    const seq = await headSeq(s);
    const res = await as("uma", "POST", `/v1/conversations/${tom}/transfer`, { inboxId: o.inbox.airport });
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject({ id: tom, inboxId: o.inbox.airport, assigneeId: null });
    expect(res.body.warning).toBe("Replies will now come from +16505550100 (Airport desk, Airport), not +14155550122: the customer sees a new number.");
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.action, e.inboxId])).toEqual([["conversation.updated", "transferred", o.inbox.airport]]);
    expect((await stream.closed).code).toBe(4410);
    expect((await as("uma", "GET", `/v1/conversations/${tom}`)).status).toBe(404);
    const thread = (await as("ari", "GET", `/v1/conversations/${tom}/messages`)).body;
    expect(JSON.stringify(thread)).toContain("Is parking available near Uptown?");
    expect(JSON.stringify(thread)).toContain("He asked about parking");
    expect((await as("ari", "GET", "/v1/conversations?limit=100")).body.conversations.map((c: { id: string }) => c.id)).toContain(tom);
  });

  it("answers 409 when the contact already has a conversation in the target inbox, and changes nothing", async () => {
    const nina = await conversationWith(s, o.inbox.uptown, "Nina Okafor");
    // Nina texts the Airport too: she now has a conversation there.
    expect((await as("admin", "POST", "/v1/simulator/inbound", { inboxId: o.inbox.airport, from: "+14155550131", body: "Also, the Airport?" })).status).toBe(
      201,
    );
    const before = await snapshot(s);
    const res = await as("uma", "POST", `/v1/conversations/${nina}/transfer`, { inboxId: o.inbox.airport });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("This contact already has a conversation in Airport desk (Airport): open that one instead");
    expect(await snapshot(s)).toEqual(before);
  });

  it("refuses a conversation the user cannot see (404), an unknown inbox (400) and the inbox it is in (409)", async () => {
    const before = await snapshot(s);
    expect((await as("uma", "POST", `/v1/conversations/${tom}/transfer`, { inboxId: o.inbox.uptown })).status).toBe(404);
    expect((await as("ari", "POST", `/v1/conversations/${tom}/transfer`, { inboxId: "inb_nope" })).status).toBe(400);
    expect((await as("ari", "POST", `/v1/conversations/${tom}/transfer`, { inboxId: o.inbox.airport })).status).toBe(409);
    expect(await snapshot(s)).toEqual(before);
  });
});
