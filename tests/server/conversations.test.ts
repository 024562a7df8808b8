import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConversationListResponse, ConversationResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { conversationWith, eventsOfRequest, headSeq, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const list = async (query: string, token = w.token.alice) => {
  const res = await s.call("GET", `/v1/conversations${query}`, { token });
  expect(res.status).toBe(200);
  return ConversationListResponse.parse(res.body);
};
const namesOf = (page: Awaited<ReturnType<typeof list>>) => page.conversations.map((c) => page.contacts.find((ct) => ct.id === c.contactId)!.name);

describe("GET /v1/conversations", () => {
  it("lists the conversations of the user's inboxes, most recent first, with their contacts", async () => {
    const page = await list("");
    expect(page.conversations).toHaveLength(18);
    const times = page.conversations.map((c) => c.lastMessageAt!);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(page.contacts.map((c) => c.id))).toEqual(new Set(page.conversations.map((c) => c.contactId)));
    expect(page.nextCursor).toBeNull();
  });

  it("filters by inbox, status and assignee (me, unassigned, a user id)", async () => {
    expect((await list(`?inbox=${w.supportLine}`)).conversations.every((c) => c.inboxId === w.supportLine)).toBe(true);
    expect(namesOf(await list(`?inbox=${w.mainLine}&status=pending`)).sort()).toEqual(["James Wilson", "Noah Martinez"]);
    expect(namesOf(await list(`?inbox=${w.mainLine}&assignee=me`)).sort()).toEqual(["Liam Anderson", "Maria Garcia", "Noah Martinez", "Priya Patel"]);
    expect(namesOf(await list(`?status=open&assignee=unassigned`)).sort()).toEqual(["Harper Lewis", "Michael Brown", "Sophie Turner"]);
    expect(namesOf(await list(`?assignee=${w.userId.admin}`))).toEqual(["Mason Clark"]);
  });

  it.each([
    ["a contact's name, any case", "gARCIA", ["Maria Garcia", "Maria Garcia"]],
    ["a number as (212) 555-0134", "(212) 555-0134", ["James Wilson"]],
    ["a number as 212.555.0134", "212.555.0134", ["James Wilson"]],
    ["a number as +1 212 555 0134", "+1 212 555 0134", ["James Wilson"]],
    ["part of a number", "555-0134", ["James Wilson"]],
    ["words of a message", "knocking noise", ["James Wilson"]],
    ["LIKE wildcards taken literally", "100%", []],
  ])("searches by %s", async (_what, q, names) => {
    expect(namesOf(await list(`?q=${encodeURIComponent(q)}`))).toEqual(names);
  });

  it("pages with a cursor through every conversation exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.conversations.length).toBeLessThanOrEqual(5);
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual((await list("")).conversations.map((c) => c.id));
  });

  it("refuses a cursor it did not hand out with 400", async () => {
    const res = await s.call("GET", "/v1/conversations?cursor=bm9wZQ", { token: w.token.alice });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });
});

describe("GET /v1/conversations/:id", () => {
  it("answers the conversation and its contact", async () => {
    const id = await conversationWith(s, w.mainLine, "James Wilson");
    const res = await s.call("GET", `/v1/conversations/${id}`, { token: w.token.bob });
    expect(res.status).toBe(200);
    const body = ConversationResponse.parse(res.body);
    expect(body.conversation).toMatchObject({ id, inboxId: w.mainLine, status: "pending", assigneeId: w.userId.bob });
    expect(body.contact).toMatchObject({ id: body.conversation.contactId, phoneNumber: "+12125550134", name: "James Wilson" });
  });
});

describe("PATCH /v1/conversations/:id", () => {
  const patch = (id: string, json: unknown, token = w.token.alice) => s.call("PATCH", `/v1/conversations/${id}`, { token, json });

  it.each([
    [{ status: "resolved" }, "resolved", { status: "resolved" }],
    [{ status: "pending" }, "pending", { status: "pending" }],
    [{ status: "open" }, "opened", { status: "open" }],
  ] as const)("changes the status with %j and records one event, action %s", async (body, action, expected) => {
    const id = await conversationWith(s, w.mainLine, "Sophie Turner");
    if (body.status === "open") await patch(id, { status: "resolved" });
    const seq = await headSeq(s);
    const res = await patch(id, body);
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject(expected);
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.action, e.actorId, e.data.id])).toEqual([["conversation.updated", action, w.userId.alice, id]]);
    expect(events[0].data).toEqual(res.body.conversation);
  });

  it("assigns to a member and unassigns, each an event", async () => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const seq = await headSeq(s);
    expect((await patch(id, { assigneeId: w.userId.bob })).body.conversation.assigneeId).toBe(w.userId.bob);
    expect((await patch(id, { assigneeId: null })).body.conversation.assigneeId).toBeNull();
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.action, e.data.assigneeId])).toEqual([
      ["assigned", w.userId.bob],
      ["unassigned", null],
    ]);
  });

  it("refuses an assignee who is not a member of the inbox (400) and changes nothing", async () => {
    const id = await conversationWith(s, w.supportLine, "Harper Lewis");
    const seq = await headSeq(s);
    const res = await patch(id, { assigneeId: w.userId.bob });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(/member/);
    expect(await eventsOfRequest(s, seq)).toEqual([]);
    expect((await s.call("GET", `/v1/conversations/${id}`, { token: w.token.alice })).body.conversation.assigneeId).toBeNull();
  });

  it("snoozes until a future time, and reopening clears it", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await patch(id, { status: "snoozed", snoozedUntil: until });
    expect(snoozed.body.conversation).toMatchObject({ status: "snoozed", snoozedUntil: until });
    const reopened = await patch(id, { status: "open" });
    expect(reopened.body.conversation).toMatchObject({ status: "open", snoozedUntil: null });
  });

  it("refuses to snooze until a past time (400) or without a time", async () => {
    const id = await conversationWith(s, w.mainLine, "Emma Davis");
    const seq = await headSeq(s);
    const past = await patch(id, { status: "snoozed", snoozedUntil: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe("snoozedUntil must be in the future");
    expect((await patch(id, { status: "snoozed" })).status).toBe(400);
    expect(await eventsOfRequest(s, seq)).toEqual([]);
  });

  it("writes no event for a change to nothing", async () => {
    const id = await conversationWith(s, w.mainLine, "James Wilson");
    const seq = await headSeq(s);
    const res = await patch(id, { status: "pending", assigneeId: w.userId.bob });
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject({ status: "pending", assigneeId: w.userId.bob });
    expect(await eventsOfRequest(s, seq)).toEqual([]);
  });

  it("records a status and an assignee change together as one event", async () => {
    const id = await conversationWith(s, w.mainLine, "Liam Anderson");
    const seq = await headSeq(s);
    await patch(id, { status: "resolved", assigneeId: w.userId.bob });
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.action, e.data.status, e.data.assigneeId])).toEqual([["resolved", "resolved", w.userId.bob]]);
  });
});

describe("POST /v1/conversations/:id/read", () => {
  it("sets the user's read position to now and records a read event", async () => {
    const id = await conversationWith(s, w.mainLine, "Maria Garcia");
    const seq = await headSeq(s);
    const before = Date.now();
    const res = await s.call("POST", `/v1/conversations/${id}/read`, { token: w.token.bob });
    expect(res.status).toBe(200);
    const readAt = Date.parse(res.body.conversation.readBy[w.userId.bob]);
    expect(readAt).toBeGreaterThanOrEqual(before - 5);
    expect(readAt).toBeLessThanOrEqual(Date.now());
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.action, e.actorId])).toEqual([["conversation.updated", "read", w.userId.bob]]);
  });
});

describe("POST /v1/conversations/:id/read, again", () => {
  it("writes nothing when the position already covers the last message, and moves again after a new one", async () => {
    const id = await conversationWith(s, w.mainLine, "James Wilson");
    const read = () => s.call("POST", `/v1/conversations/${id}/read`, { token: w.token.alice });
    const first = await read();
    const seq = await headSeq(s);
    for (let i = 0; i < 5; i++) {
      const again = await read();
      expect(again.status).toBe(200);
      expect(again.body.conversation.readBy[w.userId.alice]).toBe(first.body.conversation.readBy[w.userId.alice]);
    }
    expect(await eventsOfRequest(s, seq)).toEqual([]);
    await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: "+12125550134", body: "One more question" } });
    const afterText = await headSeq(s);
    const moved = await read();
    expect(moved.body.conversation.readBy[w.userId.alice] > first.body.conversation.readBy[w.userId.alice]).toBe(true);
    expect((await eventsOfRequest(s, afterText)).map((e) => [e.type, e.action])).toEqual([["conversation.updated", "read"]]);
  });
});
