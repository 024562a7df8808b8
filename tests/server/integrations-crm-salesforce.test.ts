// Salesforce through the real jsforce against a strict fake org whose REST requests are checked against
// Salesforce's Postman request shapes: OAuth refresh-token connect, SOSL contact sync in several number
// formats, a completed Task per message (Type SMS) on the Contact with its Account, updated on delivery.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakeSalesforce, type FakeSalesforce } from "../support/fakes/salesforce";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let sf: FakeSalesforce;
const waitFor = async <T>(what: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  sf = await startFakeSalesforce();
  sf.records.push({
    Id: "0035e00000AbCdEAAV",
    type: "Contact",
    fields: { Name: "Priya Shah", AccountId: "0015e00000XyZaBAAV", OwnerId: "0055e000001AbCdAAG", Phone: "(312) 555-0199", MobilePhone: null },
    ownerEmail: "Bob@demo.test",
  });
  s = await startServer();
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await sf?.close();
});

it("refuses a refresh token Salesforce does not know (400)", async () => {
  const res = await s.call("POST", "/v1/integrations/crm", {
    token: w.token.admin,
    json: { provider: "salesforce", apiBase: sf.url, credentials: { clientId: sf.clientId, refreshToken: "5Aep861-wrong" } },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/Could not connect to Salesforce/);
});

it("connects, finds the Contact by SOSL and logs each text as a completed SMS Task, updated with the delivery status", async () => {
  const res = await s.call("POST", "/v1/integrations/crm", {
    token: w.token.admin,
    json: { provider: "salesforce", apiBase: sf.url, credentials: { clientId: sf.clientId, refreshToken: sf.refreshToken } },
  });
  expect(res.status).toBe(201);
  await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: "+13125550199", body: "Can we move the demo?" } });
  const [inbound] = await waitFor(async () => sf.tasks.size > 0 && [...sf.tasks.values()]);
  expect(inbound).toMatchObject({ WhoId: "0035e00000AbCdEAAV", WhatId: "0015e00000XyZaBAAV", Subject: "Incoming SMS", Type: "SMS", Status: "Completed" });
  expect(inbound.Description).toMatch(/Can we move the demo\?$/);
  expect(inbound).not.toHaveProperty("TaskSubtype");
  const search = sf.requests.find((r) => r.path.endsWith("/search"))!.query.get("q")!;
  expect(search).toMatch(/^FIND \{"\\\+13125550199" OR "3125550199" OR "\\\(312\\\) 555\\-0199"/);
  expect(search).toContain("IN PHONE FIELDS RETURNING Contact(");

  const lookup = (await s.call("GET", "/v1/lookup?phone=%2B13125550199", { token: w.token.alice })).body;
  expect(lookup.contact.name).toBe("Priya Shah");
  expect(lookup.contact.attributes.crmUrl).toBe(`${sf.url}/lightning/r/Contact/0035e00000AbCdEAAV/view`);
  // The record owner's email (Owner.Email), for rules that assign to the record's owner (server/automations/assign-action.ts).
  expect(lookup.contact.attributes.crmOwnerEmail).toBe("bob@demo.test");

  const sent = await s.call("POST", `/v1/conversations/${lookup.conversations[0].id}/messages`, {
    token: w.token.alice,
    json: { body: "Sure, Thursday?", clientId: "sf-1" },
  });
  expect(sent.status).toBe(201);
  const outbound = await waitFor(async () => [...sf.tasks.values()].find((t) => String(t.Description).includes("Status: delivered")));
  expect(outbound).toMatchObject({ Subject: "Outgoing SMS", Type: "SMS", Status: "Completed" });
  expect(sf.tasks.size).toBe(2);
  expect(new Set(sf.matched)).toEqual(new Set(["query.json", "search.json", "sobject_create.json", "documented sObject update"]));
});
