// A new conversation asks HubSpot who the number is twice over: its contact sync, and its first text, which looks
// the person up when no sync has linked it yet. Both run in the same pass of the CRM log, side by side; the second
// takes the search in flight, so HubSpot is searched once per new contact (its rate limit is per account).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { crmDb } from "../../server/integrations/crm/crm.schema";
import { workspace, type Workspace } from "./support/workspace";
import { connectHubspot } from "./support/crm";

let s: TestServer;
let w: Workspace;
let hub: FakeHubspot;
const phone = (n: number) => `+1415555${String(3000 + n)}`;

beforeAll(async () => {
  hub = await startFakeHubspot();
  for (let n = 0; n < 5; n++) hub.contacts.push({ id: String(900 + n), properties: { firstname: "Sam", lastname: String(n), phone: phone(n) } });
  s = await startServer();
  w = await workspace(s);
  await connectHubspot(s, w.token.admin, hub);
});
afterAll(async () => {
  await s?.close();
  await hub?.close();
});

it("searches HubSpot once per new contact, though its sync and its first text both look the person up", { timeout: 60_000 }, async () => {
  const before = hub.requests.length;
  const sent = await Promise.all(
    [0, 1, 2, 3, 4].map((n) =>
      s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: phone(n), body: `hello ${n}` } }),
    ),
  );
  expect(sent.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  const until = Date.now() + 30_000;
  const done = async () => {
    const jobs = await crmDb(s.app.ctx.database.db).selectFrom("crmJob").select(["kind", "status"]).execute();
    return (
      jobs.filter((j) => j.kind === "message").length === 5 && jobs.filter((j) => j.kind === "contact").length === 5 && jobs.every((j) => j.status === "done")
    );
  };
  while (!(await done())) {
    if (Date.now() > until) throw new Error("the CRM log did not finish");
    await new Promise((r) => setTimeout(r, 50));
  }
  const searches = hub.requests.slice(before).filter((r) => r.path === "/crm/v3/objects/contacts/search");
  expect(searches).toHaveLength(5);
  // Each text is logged on its contact all the same.
  for (let n = 0; n < 5; n++)
    expect([...hub.communications.values()].filter((c) => c.associations.some((a) => a.typeId === 81 && a.id === String(900 + n)))).toHaveLength(1);
});
