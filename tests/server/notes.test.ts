import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NoteResponse } from "../../src/protocol/api";
import { mentionsIn } from "../../server/notes/notes.service";
import { startServer, type TestServer } from "../support/server";
import { conversationWith, eventsOfRequest, headSeq, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const addNote = (id: string, body: unknown, token = w.token.alice) => s.call("POST", `/v1/conversations/${id}/notes`, { token, json: body });

describe("POST /v1/conversations/:id/notes", () => {
  it("adds a private note (201) with one note.created event", async () => {
    const id = await conversationWith(s, w.mainLine, "Sophie Turner");
    const seq = await headSeq(s);
    const res = await addNote(id, { body: "Delivery failed, call her instead" });
    expect(res.status).toBe(201);
    const { note } = NoteResponse.parse(res.body);
    expect(note).toMatchObject({ conversationId: id, inboxId: w.mainLine, authorId: w.userId.alice, body: "Delivery failed, call her instead", mentions: [] });
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.actorId, e.data])).toEqual([["note.created", w.userId.alice, note]]);
  });

  it("records teammates mentioned as @firstname or @email, each once", async () => {
    const id = await conversationWith(s, w.mainLine, "Sophie Turner");
    const res = await addNote(id, { body: "@Bob can you call? cc @admin@demo.test and @bob again, not @carol" });
    expect(res.body.note.mentions).toEqual([w.userId.bob, w.userId.admin]);
  });

  it("mentions only members of the conversation's inbox", async () => {
    const id = await conversationWith(s, w.supportLine, "Harper Lewis");
    const res = await addNote(id, { body: "@bob @alice please look" });
    expect(res.body.note.mentions).toEqual([w.userId.alice]);
  });

  it("refuses an empty note with 400 and writes nothing", async () => {
    const id = await conversationWith(s, w.mainLine, "Sophie Turner");
    const before = await snapshot(s);
    const res = await addNote(id, { body: "   " });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(await snapshot(s)).toEqual(before);
  });

  it("is never sent: no message is queued for a note", async () => {
    const id = await conversationWith(s, w.mainLine, "Sophie Turner");
    const before = (await snapshot(s)).counts.message;
    await addNote(id, { body: "Internal only" });
    expect((await snapshot(s)).counts.message).toBe(before);
  });
});

describe("mentionsIn", () => {
  const users = [
    { id: "u1", email: "ann@x.test", name: "Ann Lee", role: "agent" as const },
    { id: "u2", email: "bo@x.test", name: "Bo Kim", role: "agent" as const },
  ];
  it.each([
    ["@ann.", ["u1"]],
    ["(@bo)", ["u2"]],
    ["mail ann@x.test is not a mention", []],
    ["@BO@X.TEST and @ann", ["u2", "u1"]],
  ])("%s", (text, ids) => expect(mentionsIn(text, users)).toEqual(ids));
});

describe("notes too fast", () => {
  it("answers a user's notes past noteRateLimit a minute with 429 rate_limited and Retry-After, and writes nothing", async () => {
    const small = await startServer({ noteRateLimit: 2 });
    try {
      const ws = await workspace(small);
      const id = await conversationWith(small, ws.mainLine, "Sophie Turner");
      const note = (token: string, body: string) =>
        fetch(`${small.url}/v1/conversations/${id}/notes`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ body }),
        });
      expect((await note(ws.token.alice, "one")).status).toBe(201);
      expect((await note(ws.token.alice, "two")).status).toBe(201);
      const before = await snapshot(small);
      const refused = await note(ws.token.alice, "three");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe("rate_limited");
      expect(await snapshot(small)).toEqual(before);
      expect((await note(ws.token.admin, "admin's own budget")).status).toBe(201);
    } finally {
      await small.close();
    }
  });
});
