// The feed is the cache's source of truth: each change is recorded by exactly one event per changed entity,
// carrying the entity whole, and folding the feed from 0 gives what the database holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncResponse } from "../../src/protocol/api";
import type { SidetextEvent } from "../../src/protocol/events";
import { toMessage } from "../../server/messages/messages.repository";
import { toNote } from "../../server/notes/notes.repository";
import { toContact } from "../../server/contacts/contacts.repository";
import { toConversation } from "../../server/conversations/conversations.repository";
import { toTemplate } from "../../server/templates/templates.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { conversationWith, eventsOfRequest, headSeq, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const call = (method: string, path: string, json?: unknown, token = w.token.admin) => s.call(method, path, { token, json });

describe("every change writes exactly one event per changed entity", () => {
  const cases: Array<[string, () => Promise<{ status: number }>, string[]]> = [
    [
      "a reply",
      async () => call("POST", `/v1/conversations/${await conversationWith(s, w.mainLine, "Maria Garcia")}/messages`, { body: "On it", clientId: "e1" }),
      ["message.created", "conversation.updated"],
    ],
    [
      "a text to a new number",
      async () => call("POST", "/v1/messages", { inboxId: w.supportLine, to: "+1 646 555 0190", body: "Hello", clientId: "e2" }),
      ["contact.updated", "message.created", "conversation.created"],
    ],
    [
      "an assignment",
      async () => call("PATCH", `/v1/conversations/${await conversationWith(s, w.supportLine, "Lucas White")}`, { assigneeId: w.userId.alice }),
      ["conversation.updated"],
    ],
    [
      "a snooze",
      async () =>
        call("PATCH", `/v1/conversations/${await conversationWith(s, w.supportLine, "Lucas White")}`, {
          snoozedUntil: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      ["conversation.updated"],
    ],
    ["a read", async () => call("POST", `/v1/conversations/${await conversationWith(s, w.supportLine, "Ava Thompson")}/read`), ["conversation.updated"]],
    [
      "a note",
      async () => call("POST", `/v1/conversations/${await conversationWith(s, w.supportLine, "Ava Thompson")}/notes`, { body: "@alice check" }),
      ["note.created"],
    ],
    ["a new template", async () => call("POST", "/v1/templates", { name: "Bye", body: "Bye {{contact.firstName}}" }), ["template.created"]],
  ];

  it.each(cases)("%s writes one event per changed entity, in one transaction, each carrying it as stored", async (_name, request, types) => {
    const seq = await headSeq(s);
    const res = await request();
    expect(res.status).toBeLessThan(300);
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => e.type)).toEqual(types);
    // One transaction: consecutive seqs, one event per entity, each carrying the entity as stored now.
    expect(events.at(-1)!.seq - events[0].seq).toBe(events.length - 1);
    expect(new Set(events.map((e) => e.data.id)).size).toBe(events.length);
    for (const e of events) expect(withoutDelivery(e.data)).toEqual(withoutDelivery(await stored(e.type, e.data.id)));
  });
});

/** The delivery worker moves a queued message along at once; those fields are its, not the request's. */
const withoutDelivery = ({ status, updatedAt, carrierMessageId, errorCode, errorReason, deliveryOverdue, ...rest }: any) =>
  rest.direction ? rest : { status, updatedAt, ...rest };

/** The entity an event names, as the database holds it now, in API form. */
async function stored(type: string, id: string) {
  const { db } = s.app.ctx.database;
  const table = type.split(".")[0] as "message" | "note" | "conversation" | "contact" | "template";
  const row = await db.selectFrom(table).selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const toEntity = { message: toMessage, note: toNote, conversation: toConversation, contact: toContact, template: toTemplate }[table] as (
    r: typeof row,
  ) => unknown;
  return toEntity(row);
}

describe("applying the feed from cursor 0", () => {
  beforeAll(async () => {
    // A busy hour: every kind of change, then the simulator finishes delivering.
    const maria = await conversationWith(s, w.mainLine, "Maria Garcia");
    await call("POST", `/v1/conversations/${maria}/messages`, { body: "Quote attached", clientId: "r1" }, w.token.alice);
    await call("POST", `/v1/conversations/${maria}/messages`, { body: "This one fails #fail", clientId: "r2" }, w.token.bob);
    await call("POST", "/v1/messages", { inboxId: w.mainLine, to: "(415) 555-0166", body: "New lead", clientId: "r3" }, w.token.bob);
    await call("PATCH", `/v1/conversations/${maria}`, { status: "resolved", assigneeId: w.userId.bob }, w.token.alice);
    await call("POST", `/v1/conversations/${maria}/read`, undefined, w.token.bob);
    await call("POST", `/v1/conversations/${maria}/notes`, { body: "Done @alice" }, w.token.bob);
    await call("POST", "/v1/simulator/inbound", { inboxId: w.mainLine, from: "+14155550123", body: "One more question" });
    await call("POST", "/v1/simulator/inbound", { inboxId: w.supportLine, from: "+14045550152", body: "STOP" });
    const { template } = (await call("POST", "/v1/templates", { name: "Temp", body: "x" })).body;
    await call("PATCH", `/v1/templates/${template.id}`, { inboxId: w.supportLine });
    const greeting = (await call("GET", "/v1/templates")).body.templates.find((t: { name: string }) => t.name === "Greeting");
    await call("DELETE", `/v1/templates/${greeting.id}`);
    const { db } = s.app.ctx.database;
    await waitFor("deliveries to finish", async () => {
      const pending = await db.selectFrom("message").select("id").where("status", "in", ["queued", "sending", "sent"]).execute();
      return pending.length === 0;
    });
  });

  it.each(["admin", "alice", "bob"] as const)("reproduces what %s may see", async (who) => {
    const token = w.token[who];
    const folded = fold(await readWholeFeed(token));
    const snap = (await call("GET", "/v1/bootstrap", undefined, token)).body;
    const inboxIds: string[] = snap.inboxes.map((i: { id: string }) => i.id);
    const { db } = s.app.ctx.database;
    const messages = (await db.selectFrom("message").selectAll().where("inboxId", "in", inboxIds).execute()).map(toMessage);
    const notes = (await db.selectFrom("note").selectAll().where("inboxId", "in", inboxIds).execute()).map(toNote);

    expect(sorted(folded.conversation.values())).toEqual(sorted(snap.conversations));
    expect(sorted(folded.contact.values())).toEqual(sorted(snap.contacts));
    expect(sorted(folded.template.values())).toEqual(sorted(snap.templates));
    expect(sorted(folded.message.values())).toEqual(sorted(messages));
    expect(sorted(folded.note.values())).toEqual(sorted(notes));
    if (who === "bob") expect([...folded.conversation.values()].every((c) => c.inboxId === w.mainLine)).toBe(true);
  });
});

async function readWholeFeed(token: string): Promise<SidetextEvent[]> {
  const events: SidetextEvent[] = [];
  for (let after = 0; ; ) {
    const page = SyncResponse.parse((await s.call("GET", `/v1/sync?after=${after}&limit=100`, { token })).body);
    events.push(...page.events);
    after = page.cursor;
    if (!page.hasMore) return events;
  }
}

/** The cache a client builds: each event an upsert of its entity (a deleted template removed). */
function fold(events: SidetextEvent[]) {
  const maps = {
    conversation: new Map<string, any>(),
    message: new Map<string, any>(),
    note: new Map<string, any>(),
    contact: new Map<string, any>(),
    template: new Map<string, any>(),
  };
  for (const e of events) {
    const map = maps[e.type.split(".")[0] as keyof typeof maps];
    if (e.type === "template.deleted") map.delete(e.data.id);
    else map.set(e.data.id, e.data);
  }
  return maps;
}

const sorted = (items: Iterable<{ id: string }>) => [...items].sort((a, b) => a.id.localeCompare(b.id));
