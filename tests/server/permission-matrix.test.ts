// Invariant 4 over the organisation (issue 18): every role × location × every registered route, the sync
// feed and the stream. For each person the test knows (independently of the server's scope code) which
// inboxes they may see; everything of the other inboxes — conversations, contacts only there, messages,
// notes, templates, the inboxes, their locations — must never appear in an answer, and no request with
// those ids may change anything. The routes come from the server's own OpenAPI description: a route
// missing from `routes` below fails the test, so a new endpoint cannot skip the matrix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { openStream } from "./support/stream-client";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { headSeq } from "./support/workspace";
import { routes, type Hidden } from "./support/permission-routes";

// Who sees which inbox: Rita manages the Bay Area (Downtown: Main, Support; Uptown), Lars administers
// Downtown, Ari the Airport; Uma works at Uptown, Carl at Uptown and the Airport, bob on Main line only.
const sees: Record<Exclude<Who, "admin" | "otto" | "alice">, Array<keyof Organisation["inbox"]>> = {
  rita: ["main", "support", "uptown"],
  lars: ["main", "support"],
  ari: ["airport"],
  uma: ["uptown"],
  carl: ["uptown", "airport"],
  bob: ["main"],
};
const scoped = Object.keys(sees) as Array<keyof typeof sees>;
const organisationLevel = new Set<Who>(["admin", "otto"]);

let s: TestServer;
let o: Organisation;
let registered: string[];
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
  const owner = o.token.admin;
  // Something of every kind in every inbox: an inbox template and a note on a conversation.
  for (const [key, inboxId] of Object.entries(o.inbox)) {
    expect((await s.call("POST", "/v1/templates", { token: owner, json: { name: `Matrix ${key}`, body: "matrix template", inboxId } })).status).toBe(201);
  }
  const { db } = s.app.ctx.database;
  for (const inboxId of Object.values(o.inbox)) {
    const recent = await db.selectFrom("conversation").select("id").where("inboxId", "=", inboxId).orderBy("lastMessageAt", "desc").limit(3).execute();
    for (const c of recent) await s.call("POST", `/v1/conversations/${c.id}/notes`, { token: owner, json: { body: "matrix note" } });
  }
  const doc = (await s.call("GET", "/v1/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
  registered = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}, 60_000);
afterAll(() => s.close());

/** Everything of the inboxes `who` may not see, as the database has it now. */
async function hiddenFrom(who: keyof typeof sees): Promise<Hidden> {
  const { db } = s.app.ctx.database;
  const visible = sees[who].map((k) => o.inbox[k]);
  const inboxes = (await db.selectFrom("inbox").select(["id", "locationId"]).execute()).filter((i) => !visible.includes(i.id));
  const ids = inboxes.map((i) => i.id);
  const conversations = await db.selectFrom("conversation").select(["id", "contactId", "inboxId"]).execute();
  const seenContacts = new Set(conversations.filter((c) => visible.includes(c.inboxId)).map((c) => c.contactId));
  const hiddenConversations = conversations.filter((c) => ids.includes(c.inboxId));
  const contacts = [...new Set(hiddenConversations.map((c) => c.contactId))].filter((c) => !seenContacts.has(c));
  const visibleLocations = new Set((await db.selectFrom("inbox").select("locationId").where("id", "in", visible).execute()).map((r) => r.locationId));
  const locations = (await db.selectFrom("location").select("id").execute()).map((l) => l.id).filter((l) => !visibleLocations.has(l));
  const messages = (await db.selectFrom("message").select("id").where("inboxId", "in", ids).execute()).map((m) => m.id);
  const notes = (await db.selectFrom("note").select("id").where("inboxId", "in", ids).execute()).map((n) => n.id);
  const templates = (await db.selectFrom("template").select("id").where("inboxId", "in", ids).execute()).map((t) => t.id);
  const first = hiddenConversations.find((c) => contacts.includes(c.contactId)) ?? hiddenConversations[0];
  const contactRow = await db.selectFrom("contact").select(["id", "phoneNumber", "name"]).where("id", "=", first.contactId).executeTakeFirstOrThrow();
  const manager = who === "bob" ? o.userId.admin : o.userId.otto;
  return {
    inboxIds: ids,
    content: [...hiddenConversations.map((c) => c.id), ...contacts, ...messages, ...notes, ...templates],
    locationIds: locations,
    inbox: first.inboxId,
    conversation: first.id,
    contact: contactRow,
    message: (await db.selectFrom("message").select("id").where("conversationId", "=", first.id).executeTakeFirstOrThrow()).id,
    template: (await db.selectFrom("template").select("id").where("inboxId", "=", first.inboxId).executeTakeFirstOrThrow()).id,
    location: locations[0] ?? inboxes[0].locationId,
    user: manager,
    ownInbox: visible[0],
  };
}

/** The state of what `hidden` names, to prove nothing of it changed. */
async function stateOf(hidden: Hidden) {
  const { db } = s.app.ctx.database;
  const rows = await Promise.all([
    db.selectFrom("inbox").selectAll().where("id", "in", hidden.inboxIds).orderBy("id").execute(),
    db.selectFrom("conversation").selectAll().where("inboxId", "in", hidden.inboxIds).orderBy("id").execute(),
    db.selectFrom("template").selectAll().where("inboxId", "in", hidden.inboxIds).orderBy("id").execute(),
    db.selectFrom("inboxMember").selectAll().where("inboxId", "in", hidden.inboxIds).orderBy("inboxId").orderBy("userId").execute(),
    db.selectFrom("message").select(db.fn.countAll().as("n")).where("inboxId", "in", hidden.inboxIds).execute(),
    db.selectFrom("note").select(db.fn.countAll().as("n")).where("inboxId", "in", hidden.inboxIds).execute(),
  ]);
  return JSON.stringify(rows);
}

const leaks = (body: unknown, markers: string[]) => {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return markers.filter((m) => text.includes(m));
};

describe("every registered route is in the matrix", () => {
  it("has a kind for each route the server registers", () => {
    expect(registered.length).toBeGreaterThan(50);
    expect(registered.filter((r) => !(r in routes))).toEqual([]);
  });
});

describe.each(scoped)("%s", (who) => {
  it("gets nothing of the inboxes they may not see from any route, and changes nothing of them", async () => {
    const hidden = await hiddenFrom(who);
    const before = await stateOf(hidden);
    const problems: string[] = [];
    for (const route of registered) {
      const spec = routes[route];
      if (!spec || spec.kind === "public" || spec.kind === "self") continue;
      const [method] = route.split(" ");
      for (const path of spec.paths(hidden)) {
        const res = await s.call(method, path, { token: o.token[who], json: spec.body?.(hidden) });
        if (res.status >= 500) problems.push(`${route} ${path}: ${res.status}`);
        const ok = res.status >= 200 && res.status < 300;
        // A body the schema refuses (400) is refused before any permission check: also a refusal.
        if (spec.kind === "organisation" && res.status !== 403 && res.status !== 400) problems.push(`${route}: ${res.status}, not 403`);
        if (spec.kind === "scoped" && spec.refused && ok) problems.push(`${route} ${path}: ${res.status}, not refused`);
        const markers = spec.kind === "directory" ? hidden.content : [...hidden.content, ...hidden.inboxIds, ...hidden.locationIds];
        const found = ok ? leaks(res.body, markers) : [];
        if (found.length > 0) problems.push(`${route} ${path}: shows ${found.join(", ")}`);
        if (!ok && res.status !== 400 && leaks(res.body, [...hidden.content]).length > 0) problems.push(`${route}: error names hidden things`);
      }
    }
    expect(problems).toEqual([]);
    expect(await stateOf(hidden)).toBe(before);
  }, 120_000);
});

describe.each(scoped)("%s on the stream and the feed", (who) => {
  it("receives nothing of the inboxes they may not see, live or replayed, while every inbox gets a text", async () => {
    const hidden = await hiddenFrom(who);
    const from = await headSeq(s);
    // A replay of the latest events, then live ones (the whole feed is read page by page in the route walk's /v1/sync).
    const stream = await openStream(s, o.token[who], Math.max(0, from - 200));
    for (const [key, inboxId] of Object.entries(o.inbox)) {
      const res = await s.call("POST", "/v1/simulator/inbound", {
        token: o.token.admin,
        json: { inboxId, from: "+14155550199", body: `matrix ${key} ${who}` },
      });
      expect(res.status).toBe(201);
    }
    const own = sees[who].map((k) => `matrix ${k} ${who}`);
    await expect.poll(() => own.every((text) => JSON.stringify(stream.frames).includes(text)), { timeout: 5000 }).toBe(true);
    const after = await stateOf(await hiddenFrom(who));
    const markers = [...(await hiddenFrom(who)).content, ...hidden.inboxIds, ...hidden.locationIds];
    expect(leaks(stream.frames, markers)).toEqual([]);
    const feed = (await s.call("GET", `/v1/sync?after=${from}&limit=1000`, { token: o.token[who] })).body;
    expect(feed.events.length).toBeGreaterThan(0);
    expect(leaks(feed, markers)).toEqual([]);
    expect(after).toBeTruthy();
    await stream.close();
  }, 30_000);
});

describe.each([...organisationLevel])("%s (organisation level)", (who) => {
  it("sees every inbox's conversations", async () => {
    const inboxes = (await s.call("GET", "/v1/inboxes", { token: o.token[who] })).body.inboxes.map((i: { id: string }) => i.id);
    expect(inboxes.sort()).toEqual(Object.values(o.inbox).sort());
  });
});
