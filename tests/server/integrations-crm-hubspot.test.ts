// HubSpot through the real @hubspot/api-client against a strict local fake: connecting, contact sync in the
// format HubSpot holds the number in, every message logged once as an SMS Communication (the final delivery
// status PATCHed onto it), 429 Retry-After honoured, a permanent error shown and retried, mapped fields in a template.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTemplate } from "../../src/core/template";
import { startServer, type TestServer } from "../support/server";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { runDueCrmJobs } from "../../server/integrations/crm/crm-worker";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let hub: FakeHubspot;
let connectionId: string;

const waitFor = async <T>(what: () => Promise<T | undefined | null | false>, ms = 8000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function textIn(from: string, body: string) {
  const res = await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBeLessThan(300);
  const lookup = await s.call("GET", `/v1/lookup?phone=${encodeURIComponent(from)}`, { token: w.token.alice });
  return lookup.body.conversations[0].id as string;
}
const crmLog = async (conversationId: string) =>
  (await s.call("GET", `/v1/conversations/${conversationId}/crm-log`, { token: w.token.alice })).body.crmLog as any[];
const commsOf = (contactId: string) => [...hub.communications.values()].filter((c) => c.associations.some((a) => a.typeId === 81 && a.id === contactId));

beforeAll(async () => {
  hub = await startFakeHubspot();
  hub.companies.add("9001");
  hub.contacts.push({
    id: "501",
    properties: {
      firstname: "Dana",
      lastname: "Reyes",
      phone: "(415) 555-0134",
      company: "Acme Dental",
      associatedcompanyid: "9001",
      hubspot_owner_id: "77",
      lifecyclestage: "customer",
    },
  });
  s = await startServer();
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await hub?.close();
});

describe("HubSpot connection", () => {
  it("refuses agents (403) and a token HubSpot refuses (400), storing nothing", async () => {
    const body = { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token } };
    expect((await s.call("POST", "/v1/integrations/crm", { token: w.token.alice, json: body })).status).toBe(403);
    const bad = await s.call("POST", "/v1/integrations/crm", { token: w.token.admin, json: { ...body, credentials: { accessToken: "pat-na1-wrong-token" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/HubSpot refused the credentials \(401\)/);
    expect((await s.call("GET", "/v1/integrations/crm", { token: w.token.admin })).body.connections).toEqual([]);
  });

  it("connects with an authenticated call and never returns the token", async () => {
    const res = await s.call("POST", "/v1/integrations/crm", {
      token: w.token.admin,
      json: { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token }, fieldMap: { lifecyclestage: "stage" } },
    });
    expect(res.status).toBe(201);
    connectionId = res.body.connection.id;
    expect(res.body.connection).toMatchObject({ provider: "hubspot", label: "HubSpot", logMode: "messages", fieldMap: { lifecyclestage: "stage" } });
    expect(hub.requests.some((r) => r.path === "/account-info/v3/details")).toBe(true);
    const listed = JSON.stringify((await s.call("GET", "/v1/integrations/crm", { token: w.token.admin })).body);
    expect(listed).not.toContain(hub.token);
    const row = await s.app.ctx.database.db
      .selectFrom("crmConnection" as never)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(hub.token);
  });
});

describe("logging and contact sync", () => {
  let conversationId: string;

  it("fills the contact from HubSpot (searched in the format HubSpot stored) and logs the text as an SMS Communication on contact and company", async () => {
    conversationId = await textIn("+14155550134", "Is my appointment still on?");
    const [comm] = await waitFor(async () => commsOf("501").length > 0 && commsOf("501"));
    expect(comm.properties).toMatchObject({ hs_communication_channel_type: "SMS", hs_communication_logged_from: "CRM" });
    expect(comm.properties.hs_communication_body).toMatch(/^Incoming SMS from \(415\) 555-0134 to .+\n\nIs my appointment still on\?$/);
    expect(comm.associations).toEqual([
      { id: "501", typeId: 81 },
      { id: "9001", typeId: 87 },
    ]);
    const searches = hub.requests.filter((r) => r.path === "/crm/v3/objects/contacts/search");
    expect(JSON.stringify(searches.map((r) => r.body))).toContain('"value":"(415) 555-0134"');
    const { contact } = (await s.call("GET", "/v1/lookup?phone=%2B14155550134", { token: w.token.alice })).body;
    expect(contact.name).toBe("Dana Reyes");
    expect(contact.attributes).toMatchObject({
      company: "Acme Dental",
      crmOwnerId: "77",
      stage: "customer",
      crmUrl: `https://app.hubspot.com/contacts/${hub.portalId}/record/0-1/501`,
    });
    await waitFor(async () => (await crmLog(conversationId)).every((l) => l.status === "logged") && (await crmLog(conversationId)).length === 1);
  });

  it("puts mapped CRM fields into a template as {{contact.*}}", async () => {
    const { contact } = (await s.call("GET", "/v1/lookup?phone=%2B14155550134", { token: w.token.alice })).body;
    expect(renderTemplate("Hi {{contact.firstName}} from {{contact.company}} ({{contact.stage}})", { contact }).text).toBe(
      "Hi Dana from Acme Dental (customer)",
    );
  });

  it("syncs a contact again on demand: a change in HubSpot reaches the contact", async () => {
    const dana = hub.contacts.find((c) => c.id === "501")!;
    dana.properties.lifecyclestage = "evangelist";
    const { contact } = (await s.call("GET", "/v1/lookup?phone=%2B14155550134", { token: w.token.alice })).body;
    expect((await s.call("POST", `/v1/contacts/${contact.id}/crm-sync`, { token: w.token.bob })).status).toBe(202);
    await waitFor(
      async () => (await s.call("GET", "/v1/lookup?phone=%2B14155550134", { token: w.token.alice })).body.contact.attributes.stage === "evangelist",
    );
    expect((await s.call("POST", "/v1/contacts/ct_nobody/crm-sync", { token: w.token.alice })).status).toBe(404);
  });

  it("logs a reply once and PATCHes the final delivery status onto the same record", async () => {
    const sent = await s.call("POST", `/v1/conversations/${conversationId}/messages`, {
      token: w.token.alice,
      json: { body: "Yes, 3 pm tomorrow", clientId: "crm-reply-1" },
    });
    expect(sent.status).toBe(201);
    const id = sent.body.message.id;
    const logged = await waitFor(async () => {
      const comm = commsOf("501").find((c) => c.properties.hs_communication_body.includes("Yes, 3 pm tomorrow"));
      return comm?.properties.hs_communication_body.includes("Status: delivered") && comm;
    });
    expect(logged.properties.hs_communication_body).toMatch(/^Outgoing SMS from .+ to \(415\) 555-0134\. Status: delivered\./);
    expect(commsOf("501")).toHaveLength(2);
    const patches = hub.requests.filter((r) => r.method === "PATCH");
    expect(patches.length).toBeGreaterThan(0);
    // HubSpot has the PATCH before our job settles: the log says "logged" once the job's answer is written.
    const crmLogOf = async () => (await s.call("GET", `/v1/messages/${id}/crm-log`, { token: w.token.alice })).body.crmLog;
    const log = await waitFor(async () => {
      const rows = await crmLogOf();
      return rows.every((r: { status: string }) => r.status !== "pending") && rows;
    });
    expect(log).toEqual([{ entityId: id, connectionId, provider: "hubspot", status: "logged", crmRecordId: expect.any(String) }]);
  });

  it("owns what an agent sends by their HubSpot owner (matched by email), and leaves the owner out for one HubSpot does not know", async () => {
    hub.owners.push({ id: "77001", email: "Alice@demo.test", firstName: "Alice", lastName: "Chen" });
    const send = async (token: string, body: string) => {
      const res = await s.call("POST", `/v1/conversations/${conversationId}/messages`, { token, json: { body, clientId: `owner-${body}` } });
      expect(res.status).toBe(201);
      // Settled: logged with its final delivery status, so no later update of it meets the next test's failNext.
      return waitFor(async () =>
        commsOf("501").find((c) => c.properties.hs_communication_body.includes(body) && c.properties.hs_communication_body.includes("Status: delivered")),
      );
    };
    expect((await send(w.token.alice, "Owned by Alice")).properties.hubspot_owner_id).toBe("77001");
    expect((await send(w.token.bob, "Sent by Bob")).properties.hubspot_owner_id).toBeUndefined();
    const asked = hub.requests.filter((r) => r.path.startsWith("/crm/v3/owners")).map((r) => r.query.get("email"));
    expect(asked).toEqual(expect.arrayContaining(["alice@demo.test", "bob@demo.test"]));
    await waitFor(async () => !(await (s.app.ctx.database.db as any).selectFrom("crmJob").select("id").where("status", "=", "pending").executeTakeFirst()));
  });

  it("waits as long as a 429's Retry-After says, then logs once (on a clock jumped to the retry, not a real wait)", async () => {
    hub.failNext(1, {
      status: 429,
      headers: { "retry-after": "1" },
      body: { status: "error", message: "You have reached your secondly limit.", category: "RATE_LIMITS" },
    });
    const before = hub.requests.length;
    await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: "+14155550134", body: "Thanks!" } });
    // The server's own first attempt meets the 429; the job is due again Retry-After (1 s) later.
    const job = await waitFor(async () =>
      (s.app.ctx.database.db as any).selectFrom("crmJob").selectAll().where("status", "=", "pending").where("attempts", "=", 1).executeTakeFirst(),
    );
    const refusedAt = hub.requests.slice(before).find((r) => r.path === "/crm/v3/objects/communications/batch/create")!.at;
    const due = Date.parse(job.runAt);
    expect(due - refusedAt).toBeGreaterThanOrEqual(950);
    expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => due - 1 })).toBe(0);
    expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => due })).toBe(1);
    const calls = hub.requests.slice(before).filter((r) => r.path === "/crm/v3/objects/communications/batch/create");
    expect(calls).toHaveLength(2);
    expect(commsOf("501").filter((c) => c.properties.hs_communication_body.endsWith("Thanks!"))).toHaveLength(1);
  });

  it("shows a permanent failure with its reason, and the retry command logs it once the contact exists", async () => {
    const other = await textIn("+14155550177", "Hello?");
    const [failed] = await waitFor(async () => (await crmLog(other)).filter((l) => l.status === "failed").length > 0 && crmLog(other));
    expect(failed.error).toMatch(/No HubSpot record has the number \+14155550177/);
    hub.contacts.push({ id: "502", properties: { firstname: "Sam", lastname: "Ortiz", mobilephone: "+14155550177" } });
    const retry = await s.call("POST", `/v1/messages/${failed.entityId}/crm-log/retry`, { token: w.token.alice });
    expect(retry.status).toBe(202);
    await waitFor(async () => (await crmLog(other)).every((l) => l.status === "logged"));
    expect(commsOf("502")).toHaveLength(1);
  });

  it("hides the log status from users outside the conversation's inbox (404)", async () => {
    await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.supportLine, from: "+14155550188", body: "Support?" } });
    const lookup = await s.call("GET", "/v1/lookup?phone=%2B14155550188", { token: w.token.alice });
    const id = lookup.body.conversations[0].id;
    expect((await s.call("GET", `/v1/conversations/${id}/crm-log`, { token: w.token.alice })).status).toBe(200);
    expect((await s.call("GET", `/v1/conversations/${id}/crm-log`, { token: w.token.bob })).status).toBe(404);
  });
});
