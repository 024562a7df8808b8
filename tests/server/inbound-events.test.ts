// Inbound events (POST /v1/events): with an events:write API key an app reports lead.created for a number
// written any way; the contact is made (or filled) and the event is on its timeline and in the feed;
// the same idempotency key is one event; bad input is a 400 that writes nothing; the feed event reaches
// only members who see the contact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace, headSeq, eventsAfter } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let key = "";
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
  key = (await s.call("POST", "/v1/api-keys", { token: w.token.admin, json: { name: "Typeform", scopes: ["events:write", "read"] } })).body.key;
});
afterAll(async () => s?.close());

const lead = (idempotencyKey: string, phone = "(415) 555-0188") => ({
  type: "lead.created",
  contact: { phone, name: "Dana Lee", attributes: { source: "spring-promo" }, tags: ["lead"] },
  data: { form: "Quote request", budget: 1200 },
  occurredAt: "2026-11-30T10:00:00.000Z",
  idempotencyKey,
});
const contactRows = async () => (s.app.ctx.database.db as any).selectFrom("contactEvent").selectAll().execute();

describe("inbound events", () => {
  it("upserts the contact by phone (any format) and records the event on its timeline and in the feed", async () => {
    const before = await headSeq(s);
    const res = await s.call("POST", "/v1/events", { token: key, json: lead("form-1") });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({
      type: "lead.created",
      data: { form: "Quote request", budget: 1200, tags: ["lead"] },
      occurredAt: "2026-11-30T10:00:00.000Z",
    });
    const contact = await s.app.ctx.database.db.selectFrom("contact").selectAll().where("phoneNumber", "=", "+14155550188").executeTakeFirstOrThrow();
    expect(contact.name).toBe("Dana Lee");
    expect(JSON.parse(contact.attributes)).toEqual({ source: "spring-promo" });
    const feed = await eventsAfter(s, before);
    expect(feed.map((e) => e.type)).toEqual(["contact.updated", "contact.event_recorded"]);
    expect(feed[1].data).toMatchObject({ id: res.body.event.id, contactId: contact.id });
    const timeline = await s.call("GET", `/v1/contacts/${contact.id}/events`, { token: w.token.admin });
    expect(timeline.body.events.map((e: any) => e.id)).toEqual([res.body.event.id]);
  });

  it("is idempotent by key: the same report again answers 200 with the first event and writes nothing", async () => {
    const first = await s.call("POST", "/v1/events", { token: key, json: lead("form-2", "+1 415 555 0188") });
    const seq = await headSeq(s);
    const count = (await contactRows()).length;
    const again = await s.call("POST", "/v1/events", { token: key, json: lead("form-2", "415.555.0188") });
    expect(again.status).toBe(200);
    expect(again.body.event.id).toBe(first.body.event.id);
    expect((await contactRows()).length).toBe(count);
    expect(await headSeq(s)).toBe(seq);
  });

  it.each([
    ["an unreadable phone", { ...lead("bad-1"), contact: { phone: "not a number" } }],
    ["a missing idempotency key", { ...lead("x"), idempotencyKey: undefined }],
    ["a malformed type", { ...lead("bad-3"), type: "Lead Created" }],
    ["an unknown field", { ...lead("bad-4"), extra: 1 }],
  ])("refuses %s with a 400 and writes nothing", async (_what, body) => {
    const seq = await headSeq(s);
    const count = (await contactRows()).length;
    const res = await s.call("POST", "/v1/events", { token: key, json: body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect((await contactRows()).length).toBe(count);
    expect(await headSeq(s)).toBe(seq);
  });

  it("needs events:write with an API key (read alone is refused)", async () => {
    const readOnly = (await s.call("POST", "/v1/api-keys", { token: w.token.admin, json: { name: "Reader", scopes: ["read"] } })).body.key;
    const res = await s.call("POST", "/v1/events", { token: readOnly, json: lead("form-3") });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/events:write/);
  });

  it("keeps a contact's events from agents who have no conversation with it", async () => {
    const res = await s.call("POST", "/v1/events", { token: key, json: lead("form-4", "+14155550187") });
    const contactId = res.body.event.contactId;
    expect((await s.call("GET", `/v1/contacts/${contactId}/events`, { token: w.token.bob })).status).toBe(404);
    const sync = await s.call("GET", "/v1/sync?after=0&limit=1000", { token: w.token.bob });
    expect(sync.body.events.some((e: any) => e.type === "contact.event_recorded" && e.data.contactId === contactId)).toBe(false);
  });
});
