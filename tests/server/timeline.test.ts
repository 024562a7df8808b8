import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessagesResponse } from "../../src/protocol/api";
import { insertNote } from "../../server/notes/notes.repository";
import { startServer, type TestServer } from "../support/server";
import { conversationWith, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const timeline = async (id: string, query = "", token = w.token.alice) => {
  const res = await s.call("GET", `/v1/conversations/${id}/messages${query}`, { token });
  expect(res.status).toBe(200);
  return MessagesResponse.parse(res.body);
};

describe("GET /v1/conversations/:id/messages", () => {
  it("answers the thread's messages and notes in time order", async () => {
    const page = await timeline(await conversationWith(s, w.mainLine, "Maria Garcia"));
    expect(page.messages.map((m) => [m.direction, m.body])).toEqual([
      ["inbound", "Hi, can you send me a quote for the spring cleanup at our Mission St property?"],
      ["outbound", "Hi Maria, happy to! Roughly how big is the yard?"],
      ["inbound", "About 2,000 sq ft, mostly lawn and two flower beds."],
    ]);
    expect(page.notes.map((n) => [n.body, n.mentions])).toEqual([["@bob she is a repeat customer, use last year's rate", [w.userId.bob]]]);
    expect(page).toMatchObject({ activities: [], hasMore: false });
  });

  it("shows triage changes and opt-outs as activities, but not read positions", async () => {
    const id = await conversationWith(s, w.mainLine, "Olivia Johnson");
    await s.call("PATCH", `/v1/conversations/${id}`, { token: w.token.alice, json: { assigneeId: w.userId.bob } });
    await s.call("POST", `/v1/conversations/${id}/read`, { token: w.token.alice });
    await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: "+12065550163", body: "stop" } });
    const page = await timeline(id);
    expect(page.activities.map((a) => [a.action, a.actorId, a.assigneeId])).toEqual([
      ["assigned", w.userId.alice, w.userId.bob],
      ["opted_out", null, null],
      ["reopened", null, w.userId.bob],
    ]);
    expect(page.activities.every((a) => a.conversationId === id)).toBe(true);
  });

  it("pages back with before through every item exactly once, newest page first", async () => {
    const id = await conversationWith(s, w.mainLine, "James Wilson");
    for (let i = 0; i < 3; i++) await s.call("POST", `/v1/conversations/${id}/notes`, { token: w.token.bob, json: { body: `note ${i}` } });
    const all = await timeline(id);
    const ids = (p: Awaited<ReturnType<typeof timeline>>) => [...p.messages.map((m) => m.id), ...p.notes.map((n) => n.id)];
    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const page = await timeline(id, `?limit=2${before ? `&before=${encodeURIComponent(before)}` : ""}`);
      pages.push(ids(page));
      const times = [...page.messages, ...page.notes].map((x) => x.createdAt).sort();
      if (!page.hasMore) break;
      before = times[0];
    }
    expect(pages[0]).toEqual(expect.arrayContaining(all.notes.slice(-2).map((n) => n.id)));
    expect(pages.flat().sort()).toEqual(ids(all).sort());
    expect(pages.length).toBe(4);
  });

  it("keeps items that share the cut-off time on the same page", async () => {
    const id = await conversationWith(s, w.mainLine, "Chloe Nguyen");
    const at = new Date(Date.now() - 1000).toISOString();
    for (const n of ["a", "b", "c"]) {
      await insertNote(s.app.ctx.database.db, {
        id: `note_tie_${n}`,
        conversationId: id,
        inboxId: w.mainLine,
        authorId: w.userId.bob,
        body: n,
        mentions: [],
        createdAt: at,
      });
    }
    const first = await timeline(id, "?limit=2");
    expect(first.notes.map((n) => n.body)).toEqual(["a", "b", "c"]);
    const rest = await timeline(id, `?limit=2&before=${encodeURIComponent(at)}`);
    expect(rest.notes).toEqual([]);
    expect(rest.messages.length).toBe(2);
  });
});
