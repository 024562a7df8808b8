// Invariant 4: bob (an agent, member of Main line only) never sees anything of Support line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { conversationWith, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let hidden: string; // Ava Thompson's conversation on Support line
let supportContacts: Set<string>;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
  hidden = await conversationWith(s, w.supportLine, "Ava Thompson");
  const { db } = s.app.ctx.database;
  const rows = await db.selectFrom("conversation").select(["contactId", "inboxId"]).execute();
  const onMain = new Set(rows.filter((r) => r.inboxId === w.mainLine).map((r) => r.contactId));
  supportContacts = new Set(rows.filter((r) => r.inboxId === w.supportLine && !onMain.has(r.contactId)).map((r) => r.contactId));
});
afterAll(() => s.close());

const asBob = (method: string, path: string, json?: unknown) => s.call(method, path, { token: w.token.bob, json });
const notFoundBody = { error: { code: "not_found", message: "Conversation not found" } };

describe("bob and Support line", () => {
  it("lists none of its conversations, with or without a search", async () => {
    const all = (await asBob("GET", "/v1/conversations")).body;
    expect(all.conversations.length).toBeGreaterThan(0); // the newest page of Main line's (the seed has a month of history)
    expect(all.conversations.every((c: { inboxId: string }) => c.inboxId === w.mainLine)).toBe(true);
    expect((await asBob("GET", "/v1/conversations?q=Ava")).body.conversations).toEqual([]);
    expect((await asBob("GET", "/v1/conversations?q=reset%20email")).body.conversations).toEqual([]);
  });

  it("gets 404 for a list filtered to Support line", async () => {
    const res = await asBob("GET", `/v1/conversations?inbox=${w.supportLine}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it.each([
    ["GET", "", undefined],
    ["GET", "/messages", undefined],
    ["PATCH", "", { status: "resolved" }],
    ["POST", "/read", undefined],
    ["POST", "/notes", { body: "peek" }],
    ["POST", "/messages", { body: "hello", clientId: "bob-peek" }],
  ])("gets 404 for %s /v1/conversations/:id%s, exactly as for an unknown id, and changes nothing", async (method, suffix, json) => {
    const before = await snapshot(s);
    const res = await asBob(method, `/v1/conversations/${hidden}${suffix}`, json);
    const unknown = await asBob(method, `/v1/conversations/conv_unknown${suffix}`, json);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(notFoundBody);
    expect(unknown.body).toEqual(notFoundBody);
    expect(await snapshot(s)).toEqual(before);
  });

  it("cannot text from Support line (404) and nothing is written", async () => {
    const before = await snapshot(s);
    const res = await asBob("POST", "/v1/messages", { inboxId: w.supportLine, to: "+14045550152", body: "hi", clientId: "bob-new" });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: "not_found", message: "Inbox not found" });
    expect(await snapshot(s)).toEqual(before);
  });

  it("finds neither the contact nor the conversation of a Support-only number by lookup", async () => {
    const res = await asBob("GET", "/v1/lookup?phone=404-555-0152");
    expect(res.body).toEqual({ phone: "+14045550152", contact: null, conversations: [] });
  });

  it("sees only the Main line conversation of a contact on both lines", async () => {
    const res = await asBob("GET", "/v1/lookup?phone=415-555-0123");
    expect(res.body.contact.name).toBe("Maria Garcia");
    expect(res.body.conversations.map((c: { inboxId: string }) => c.inboxId)).toEqual([w.mainLine]);
  });

  it("gets nothing of it in the sync feed: no conversation, message, note, contact or template", async () => {
    // Fresh Support line activity, to be sure there is something to leak.
    await s.call("POST", `/v1/conversations/${hidden}/notes`, { token: w.token.alice, json: { body: "secret note" } });
    await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.supportLine, from: "+14045550152", body: "secret text" } });
    // Every page of the feed: the demo seed's month of history is more than one.
    const page = { events: [] as SyncResponse["events"] };
    for (let after = 0, more = true; more; ) {
      const next = SyncResponse.parse((await asBob("GET", `/v1/sync?after=${after}&limit=1000`)).body);
      page.events.push(...next.events);
      [after, more] = [next.cursor, next.hasMore];
    }
    for (const e of page.events) {
      const data = e.data as { id: string; inboxId?: string | null };
      expect(data.inboxId ?? null).not.toBe(w.supportLine);
      if (e.type === "contact.updated") expect(supportContacts.has(data.id)).toBe(false);
    }
    // Whole words only: a random id (12 base64url characters) can hold "Ava" with nothing leaked.
    expect(JSON.stringify(page.events)).not.toMatch(/(?<![\w-])(secret|Ava|Password reset)(?![\w-])/);
  });

  it("gets nothing of it in the bootstrap", async () => {
    const body = (await asBob("GET", "/v1/bootstrap")).body;
    expect(body.inboxes.map((i: { id: string }) => i.id)).toEqual([w.mainLine]);
    expect(body.conversations.every((c: { inboxId: string }) => c.inboxId === w.mainLine)).toBe(true);
    expect(body.contacts.some((c: { id: string }) => supportContacts.has(c.id))).toBe(false);
    expect(body.templates.some((t: { inboxId: string | null }) => t.inboxId === w.supportLine)).toBe(false);
  });

  it("gets 404 for the inbox itself", async () => {
    expect((await asBob("GET", `/v1/inboxes/${w.supportLine}`)).status).toBe(404);
  });
});
