// Contact tags: set through PATCH /v1/contacts/:id/tags (reps who may see the contact, admins, contacts:write
// keys), added by POST /v1/events contact.tags and by a HubSpot property mapped to "tags"; the inbox list
// filters by tag; every change is a contact.updated event (feed and webhooks carry the tags), and an agent
// who may not see the contact's profile sees no tags.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { conversationWith, eventsAfter, headSeq, snapshot, workspace, type Workspace } from "./support/workspace";
import { connectHubspot } from "./support/crm";

let s: TestServer;
let w: Workspace;
let r: Receiver;
let hub: FakeHubspot;
let maria: { conversationId: string; contactId: string };

const tag = (contactId: string, json: unknown, token = w.token.alice) => s.call("PATCH", `/v1/contacts/${contactId}/tags`, { token, json });
/** The contacts of the conversations the list shows for a tag. */
const listTagged = async (t: string, token = w.token.alice) => [
  ...new Set(
    (await s.call("GET", `/v1/conversations?tag=${encodeURIComponent(t)}`, { token })).body.conversations.map((c: { contactId: string }) => c.contactId),
  ),
];

beforeAll(async () => {
  hub = await startFakeHubspot();
  s = await startServer();
  w = await workspace(s);
  r = await startReceiver();
  const conversationId = await conversationWith(s, w.mainLine, "Maria Garcia");
  const conversation = await s.call("GET", `/v1/conversations/${conversationId}`, { token: w.token.alice });
  maria = { conversationId, contactId: conversation.body.contact.id };
});
afterAll(async () => {
  await s?.close();
  await r?.close();
  await hub?.close();
});

describe("contact tags", () => {
  it("adds and removes tags, lowercased and once each, with a contact.updated event", async () => {
    const from = await headSeq(s);
    const res = await tag(maria.contactId, { add: ["VIP", " wholesale ", "vip"] });
    expect(res.status).toBe(200);
    expect(res.body.contact.tags).toEqual(["vip", "wholesale"]);
    const events = (await eventsAfter(s, from)).filter((e) => e.type === "contact.updated");
    expect(events).toHaveLength(1);
    expect(events[0]?.data.tags).toEqual(["vip", "wholesale"]);
    expect((await tag(maria.contactId, { remove: ["wholesale"] })).body.contact.tags).toEqual(["vip"]);
    // The same change again is no change: no event.
    const again = await headSeq(s);
    expect((await tag(maria.contactId, { add: ["vip"] })).body.contact.tags).toEqual(["vip"]);
    expect((await eventsAfter(s, again)).filter((e) => e.type === "contact.updated")).toHaveLength(0);
  });

  it("reads a contact whose last tag went exactly as its event carries it (no tags at all, like a contact from before tags)", async () => {
    const conversationId = await conversationWith(s, w.mainLine, "James Wilson");
    const contactId = (await s.call("GET", `/v1/conversations/${conversationId}`, { token: w.token.alice })).body.contact.id;
    expect((await tag(contactId, { add: ["once"] })).body.contact.tags).toEqual(["once"]);
    const from = await headSeq(s);
    const removed = (await tag(contactId, { remove: ["once"] })).body.contact;
    expect(removed).not.toHaveProperty("tags");
    const [event] = (await eventsAfter(s, from)).filter((e) => e.type === "contact.updated");
    const read = (await s.call("GET", `/v1/conversations/${conversationId}`, { token: w.token.alice })).body.contact;
    expect(event?.data).toEqual(read);
  });

  it("refuses a bad tag or an empty change with a 400 and changes nothing", async () => {
    // Contacts and their tags as they were, and no contact event (the demo's own background work may write others).
    const tagRows = () => s.app.ctx.database.db.selectFrom("contactTag").selectAll().orderBy("contactId").orderBy("tag").execute();
    const [before, beforeTags, from] = [(await snapshot(s)).contacts, await tagRows(), await headSeq(s)];
    for (const body of [{ add: ["<b>hot</b>"] }, { add: [""] }, { add: ["x".repeat(41)] }, {}, { add: [] }, { tags: ["vip"] }]) {
      const res = await tag(maria.contactId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect((await snapshot(s)).contacts).toEqual(before);
    expect(await tagRows()).toEqual(beforeTags);
    expect((await eventsAfter(s, from)).filter((e) => e.type.startsWith("contact."))).toEqual([]);
  });

  it("filters the inbox list by tag", async () => {
    expect(await listTagged("vip")).toEqual([maria.contactId]);
    expect(await listTagged("VIP")).toEqual([maria.contactId]);
    expect(await listTagged("nobody-has-this")).toEqual([]);
    expect((await s.call("GET", "/v1/conversations?tag=%3Cb%3E", { token: w.token.alice })).status).toBe(400);
  });

  it("keeps tags from agents who may not see the contact: 404 to tag, none in the list or the feed", async () => {
    // A contact met in the Support line only: bob (Main line) may text the number but not read who it is.
    const { db } = s.app.ctx.database;
    const res = await s.call("POST", "/v1/simulator/inbound", {
      token: w.token.alice,
      json: { inboxId: w.supportLine, from: "+14155550177", body: "Hi support" },
    });
    expect(res.status).toBeLessThan(300);
    const contact = await db.selectFrom("contact").select("id").where("phoneNumber", "=", "+14155550177").executeTakeFirstOrThrow();
    const from = await headSeq(s);
    expect((await tag(contact.id, { add: ["billing"] })).status).toBe(200); // alice is in the Support line
    expect((await tag(contact.id, { add: ["spam"] }, w.token.bob)).status).toBe(404);
    // bob starts a thread with the number from the Main line: the conversation is his to see, the tags are not.
    const started = await s.call("POST", "/v1/messages", {
      token: w.token.bob,
      json: { inboxId: w.mainLine, to: "+14155550177", body: "Hello", clientId: "bob-tags-1" },
    });
    expect(started.status).toBe(201);
    expect(await listTagged("billing", w.token.bob)).toEqual([]);
    const sync = await s.call("GET", `/v1/sync?after=${from}&limit=500`, { token: w.token.bob });
    const seen = sync.body.events.filter((e: any) => e.type === "contact.updated" && e.data.id === contact.id);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) expect(e.data.tags ?? []).toEqual([]);
    expect(await listTagged("billing")).toHaveLength(1); // alice still finds it
  });

  it("takes tags from POST /v1/events (added to the contact's own) and lets a contacts:write key set them", async () => {
    const res = await s.call("POST", "/v1/events", {
      token: w.token.admin,
      json: { type: "lead.created", contact: { phone: "(415) 555-0123", tags: ["Newsletter"] }, data: {}, idempotencyKey: "form-tags-1" },
    });
    expect(res.status).toBe(201);
    const contact = await s.call("GET", `/v1/conversations/${maria.conversationId}`, { token: w.token.alice });
    expect(contact.body.contact.tags).toEqual(["vip", "newsletter"]);
    expect(
      (
        await s.call("POST", "/v1/events", {
          token: w.token.admin,
          json: { type: "lead.created", contact: { phone: "+14155550123", tags: ["a;b"] }, idempotencyKey: "form-tags-2" },
        })
      ).status,
    ).toBe(400);

    const key = async (scopes: string[]) =>
      (await s.call("POST", "/v1/api-keys", { token: w.token.admin, json: { name: `tags ${scopes}`, scopes } })).body.key as string;
    expect((await tag(maria.contactId, { add: ["zapier"] }, await key(["read"]))).status).toBe(403);
    const written = await tag(maria.contactId, { add: ["zapier"] }, await key(["contacts:write"]));
    expect(written.status).toBe(200);
    expect(written.body.contact.tags).toContain("zapier");
  });

  it("sends the tags in webhook payloads (contact.updated, signed)", async () => {
    const created = await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url: r.url, eventTypes: ["contact.updated"] } });
    expect(created.status).toBe(201);
    await tag(maria.contactId, { add: ["webhook-seen"] });
    const got = await waitFor("a delivery with the new tag", () => r.received.find((x) => JSON.parse(x.body).data?.tags?.includes("webhook-seen")));
    const payload = new Webhook(created.body.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { id: string; tags: string[] };
    };
    expect(payload.type).toBe("contact.updated");
    expect(payload.data).toMatchObject({ id: maria.contactId, tags: expect.arrayContaining(["vip", "webhook-seen"]) });
  });

  it("adds tags from a HubSpot property mapped to 'tags' on contact sync", async () => {
    hub.contacts.push({ id: "701", properties: { firstname: "Maria", lastname: "Garcia", phone: "+14155550123", sidetext_tags: "Spring Cleanup;Repeat" } });
    await connectHubspot(s, w.token.admin, hub, { fieldMap: { sidetext_tags: "tags" } });
    expect((await s.call("POST", `/v1/contacts/${maria.contactId}/crm-sync`, { token: w.token.alice })).status).toBe(202);
    const tags = await waitFor("the synced tags", async () => {
      const c = await s.call("GET", `/v1/conversations/${maria.conversationId}`, { token: w.token.alice });
      return c.body.contact.tags.includes("repeat") ? c.body.contact.tags : null;
    });
    expect(tags).toEqual(expect.arrayContaining(["vip", "spring cleanup", "repeat"]));
    expect(tags).not.toContain("tags");
  });
});
